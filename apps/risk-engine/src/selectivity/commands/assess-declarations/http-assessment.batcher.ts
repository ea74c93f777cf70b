import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Declaration, RiskDecision } from '@app/contracts';
import { currentCorrelationId } from '../../../observability/correlation';
import { AssessDeclarationsCommand } from './assess-declarations.command';

const MAX_WAIT_MS = 2;
const MAX_BATCH = 200;

interface Pending {
  declaration: Declaration;
  correlationId: string | undefined;
  resolve: (decision: RiskDecision) => void;
  reject: (error: unknown) => void;
}

/**
 * Groups synchronous assessments that arrive within 2 ms (at most 200) into one command, so they
 * share one database transaction and one outbox wake-up instead of one each. Each caller still
 * gets its own decision; a failure fails the requests of that group only.
 */
@Injectable()
export class HttpAssessmentBatcher {
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly commandBus: CommandBus) {}

  assess(declaration: Declaration): Promise<RiskDecision> {
    return new Promise<RiskDecision>((resolve, reject) => {
      this.pending.push({ declaration, correlationId: currentCorrelationId(), resolve, reject });
      if (this.pending.length >= MAX_BATCH) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), MAX_WAIT_MS);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    this.commandBus
      .execute(
        new AssessDeclarationsCommand(
          batch.map((entry) => entry.declaration),
          [],
          'HTTP',
          batch.map((entry) => entry.correlationId ?? ''),
        ),
      )
      .then((decisions) => {
        batch.forEach((entry, index) => {
          const decision = decisions[index];
          if (decision) entry.resolve(decision);
          else entry.reject(new Error(`no decision for ${entry.declaration.declarationId}`));
        });
      })
      .catch((error: unknown) => batch.forEach((entry) => entry.reject(error)));
  }
}
