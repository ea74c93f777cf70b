import { Command } from '@nestjs/cqrs';
import type { KafkaMessage } from 'kafkajs';
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

/** A consumed Kafka message refused for `rejection`, as its dead-letter record names it; `key` is the message key as stored. */
export function rejectedKafkaMessage(
  batch: { topic: string; partition: number },
  message: KafkaMessage,
  key: string | null,
  rejection: Rejection,
): RejectedMessage {
  return {
    rejection,
    source: {
      topic: batch.topic,
      partition: batch.partition,
      offset: message.offset,
      key,
      timestamp: new Date(Number(message.timestamp)).toISOString(),
    },
    payload: message.value?.toString('utf8') ?? '',
  };
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
