import { Command } from '@nestjs/cqrs';
import type { Declaration, Rejection, RiskDecision } from '@app/contracts';

export type DecisionChannel = 'KAFKA' | 'HTTP';

/** Where a consumed message came from, for the dead-letter record. */
export interface MessageSource {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  timestamp: string;
}

export interface RejectedMessage {
  rejection: Rejection;
  source: MessageSource;
  payload: string;
}

/**
 * Score a batch of validated declarations, store the decisions and queue them for publication,
 * and dead-letter the messages that failed validation. The decisions, their declarations and
 * their outbox messages commit together; both writes are idempotent, so a replayed batch adds nothing.
 * Resolves to the stored decision of every declaration, in input order.
 */
export class AssessDeclarationsCommand extends Command<RiskDecision[]> {
  constructor(
    readonly declarations: Declaration[],
    readonly rejected: RejectedMessage[],
    readonly channel: DecisionChannel,
    /** Per declaration (same order): the id that ties its logs and its decision message to the request. */
    readonly correlationIds: readonly string[] = [],
  ) {
    super();
  }
}
