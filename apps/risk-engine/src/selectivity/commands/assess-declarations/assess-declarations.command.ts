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

/** The Kafka message a declaration was read from: what its dead-letter record names if it is refused after scoring. */
export interface KafkaOrigin {
  batch: { topic: string; partition: number };
  message: KafkaMessage;
  key: string | null;
}

/**
 * What a declaration got: the decision of its version (the first one, where the version was
 * decided before), and `versionConflict` when that earlier decision was made on other content:
 * the declaration is then refused, not answered with the decision of another content.
 */
export interface AssessedDeclaration {
  decision: RiskDecision;
  versionConflict: Rejection | null;
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
 * Resolves to what every declaration got, in input order. A declaration version decided before
 * with other content is a version conflict: dead-lettered when it came from Kafka (`origins`).
 */
export class AssessDeclarationsCommand extends Command<AssessedDeclaration[]> {
  constructor(
    readonly declarations: Declaration[],
    readonly rejected: RejectedMessage[],
    readonly channel: DecisionChannel,
    /** Per declaration (same order): the id that ties its logs and its decision message to the request. */
    readonly correlationIds: readonly string[] = [],
    /** Per declaration (same order), for those read from Kafka: the message, for a dead letter. */
    readonly origins: readonly KafkaOrigin[] = [],
  ) {
    super();
  }
}
