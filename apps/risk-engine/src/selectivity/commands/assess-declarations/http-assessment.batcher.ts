import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Declaration, RiskDecision } from '@app/contracts';
import { currentCorrelationId } from '../../../observability/correlation';
import { AssessDeclarationsCommand } from './assess-declarations.command';
import { TurnGroups } from './turn-groups';

/** Groups assessed at once (each takes a pooled database connection per statement); a request that finds them all busy joins the next group. */
export const MAX_IN_FLIGHT = 4;
export const MAX_GROUP = 200;

interface Request {
  declaration: Declaration;
  correlationId: string;
}

/**
 * Groups synchronous assessments into commands without waiting on a timer (`TurnGroups`):
 * requests that arrive in the same turn of the event loop go out together at its end, and while
 * MAX_IN_FLIGHT groups are being assessed, the requests that arrive meanwhile (at most MAX_GROUP)
 * form the next group. At low load a request is assessed at once; at high load groups grow and
 * share one database round trip and one outbox wake-up. Each caller gets its own decision.
 */
@Injectable()
export class HttpAssessmentBatcher {
  private readonly groups: TurnGroups<Request, RiskDecision>;

  constructor(commandBus: CommandBus) {
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
      { maxInFlight: MAX_IN_FLIGHT, maxWeight: MAX_GROUP, weight: () => 1 },
    );
  }

  async assess(declaration: Declaration): Promise<RiskDecision> {
    const [decision] = await this.groups.submit([{ declaration, correlationId: currentCorrelationId() ?? '' }]);
    if (!decision) throw new Error(`no decision for ${declaration.declarationId}`);
    return decision;
  }
}
