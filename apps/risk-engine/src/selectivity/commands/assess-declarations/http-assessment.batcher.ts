import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Declaration, RiskDecision } from '@app/contracts';
import { currentCorrelationId } from '../../../observability/correlation';
import { AssessDeclarationsCommand } from './assess-declarations.command';

/** Groups assessed at once (each takes a pooled database connection per statement); a request that finds them all busy joins the next group. */
export const MAX_IN_FLIGHT = 4;
export const MAX_GROUP = 200;

interface Pending {
  declaration: Declaration;
  correlationId: string | undefined;
  resolve: (decision: RiskDecision) => void;
  reject: (error: unknown) => void;
}

/**
 * Groups synchronous assessments into commands without waiting on a timer: requests that arrive
 * in the same turn of the event loop go out together at its end, and while MAX_IN_FLIGHT groups
 * are being assessed, the requests that arrive meanwhile (at most MAX_GROUP) form the next group. At
 * low load a request is assessed at once; at high load groups grow and share one database round
 * trip and one outbox wake-up. Each caller gets its own decision; a failure fails its group only.
 */
@Injectable()
export class HttpAssessmentBatcher {
  private pending: Pending[] = [];
  private inFlight = 0;
  private scheduled: NodeJS.Immediate | null = null;

  constructor(private readonly commandBus: CommandBus) {}

  assess(declaration: Declaration): Promise<RiskDecision> {
    return new Promise<RiskDecision>((resolve, reject) => {
      this.pending.push({ declaration, correlationId: currentCorrelationId(), resolve, reject });
      this.scheduled ??= setImmediate(() => {
        this.scheduled = null;
        this.dispatch();
      });
    });
  }

  private dispatch(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.pending.length > 0) {
      const group = this.pending.splice(0, MAX_GROUP);
      this.inFlight += 1;
      void this.assessGroup(group).finally(() => {
        this.inFlight -= 1;
        this.dispatch();
      });
    }
  }

  private async assessGroup(group: Pending[]): Promise<void> {
    try {
      const decisions = await this.commandBus.execute(
        new AssessDeclarationsCommand(
          group.map((entry) => entry.declaration),
          [],
          'HTTP',
          group.map((entry) => entry.correlationId ?? ''),
        ),
      );
      group.forEach((entry, index) => {
        const decision = decisions[index];
        if (decision) entry.resolve(decision);
        else entry.reject(new Error(`no decision for ${entry.declaration.declarationId}`));
      });
    } catch (error) {
      group.forEach((entry) => entry.reject(error));
    }
  }
}
