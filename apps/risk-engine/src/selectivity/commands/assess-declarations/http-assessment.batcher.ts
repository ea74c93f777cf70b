import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ENGINE_CONFIG, type EngineConfig } from '@app/config';
import type { Declaration } from '@app/contracts';
import { currentCorrelationId } from '../../../observability/correlation';
import { AssessDeclarationsCommand, type AssessedDeclaration } from './assess-declarations.command';
import { TurnGroups } from './turn-groups';

export const MAX_GROUP = 200;

interface Request {
  declaration: Declaration;
  correlationId: string;
}

/**
 * Groups synchronous assessments into commands without waiting on a timer (`TurnGroups`):
 * requests that arrive in the same turn of the event loop go out together at its end, and while
 * `HTTP_GROUPS_IN_FLIGHT` groups are being assessed (one by default), the requests that arrive
 * meanwhile (at most MAX_GROUP) form the next group. At low load a request is assessed at once;
 * under load groups grow and share one context read, one database statement and one outbox
 * wake-up, which spends less CPU per request than more groups at once (ADR 0009). Each caller
 * gets its own decision.
 */
@Injectable()
export class HttpAssessmentBatcher {
  private readonly groups: TurnGroups<Request, AssessedDeclaration>;

  constructor(commandBus: CommandBus, @Inject(ENGINE_CONFIG) config: EngineConfig) {
    this.groups = new TurnGroups(
      (requests) =>
        commandBus.execute(
          new AssessDeclarationsCommand(
            requests.map((request) => request.declaration),
            [],
            'HTTP',
            requests.map((request) => request.correlationId),
          ),
        ),
      { maxInFlight: config.http.groupsInFlight, maxWeight: MAX_GROUP, weight: () => 1 },
    );
  }

  async assess(declaration: Declaration): Promise<AssessedDeclaration> {
    const [assessed] = await this.groups.submit([{ declaration, correlationId: currentCorrelationId() ?? '' }]);
    if (!assessed) throw new Error(`no decision for ${declaration.declarationId}`);
    return assessed;
  }
}
