import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Consumer, EachBatchPayload, IHeaders, Kafka } from 'kafkajs';
import { ENGINE_CONFIG, type EngineConfig } from '@app/config';
import { Topic, parseDeclarationMessage, storableText, type Declaration } from '@app/contracts';
import { CORRELATION_HEADER, correlationIdFrom } from '../../../observability/correlation';
import { faultPoint } from '../../../infrastructure/fault-injection';
import { KAFKA } from '../../../infrastructure/kafka.module';
import { AssessDeclarationsCommand, rejectedKafkaMessage, type KafkaOrigin, type RejectedMessage } from './assess-declarations.command';
import { OffsetCommits } from './offset-commits';
import { StoredOffsets, partitionKey, type BatchTicket } from './stored-offsets';
import { TurnGroups } from './turn-groups';

/** Messages of one fetched partition batch, validated, waiting to be assessed with the others of its fetch. */
interface PartitionBatch {
  topic: string;
  partition: number;
  /** The offset to commit once the batch is stored: one past its last message. */
  nextOffset: string;
  declarations: Declaration[];
  correlationIds: string[];
  /** Per declaration: its message, should it be dead-lettered after scoring (a version conflict). */
  origins: KafkaOrigin[];
  rejected: RejectedMessage[];
}

/** Partition batches assessed together stop growing past this many messages; a larger batch goes alone. */
const MAX_GROUP_MESSAGES = 2_000;
/** How long a partition whose batch could not be stored rests before it is read again: the first time, and at most. */
const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 10_000;

/**
 * Kafka adapter: reads declarations in batches, validates each, and hands the batch to the
 * command bus. The batches of several partitions that arrive together (one fetch) are assessed as
 * one command: one context read, one database statement. Offsets are committed only after that
 * database transaction has committed, so a crash at any point replays the batches instead of
 * losing them.
 *
 * A partition that is caught up waits for its batch to be stored before the next fetch: the
 * shortest path for the next declaration. A partition with more messages waiting (a backlog)
 * is fetched again as soon as its batch is being assessed, so the next batch is read and
 * validated while the database writes this one (ADR 0009). Offsets are then committed in the
 * background, never past a batch not yet stored (`StoredOffsets`); a batch that fails sends its
 * partition back to the oldest batch not stored, after a pause.
 */
@Injectable()
export class DeclarationIntakeConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DeclarationIntakeConsumer.name);
  private readonly consumer: Consumer;
  private readonly stored = new StoredOffsets();
  private readonly commits = new OffsetCommits(
    (offsets) => this.consumer.commitOffsets(offsets),
    (error, offsets, willRetry) =>
      this.logger.warn({
        message: willRetry
          ? 'Offset commit failed; retrying'
          : 'Offset commit failed; left to the next commit (a restart meanwhile replays these batches)',
        error: error instanceof Error ? error.message : String(error),
        offsets: offsets.map(({ topic, partition, offset }) => `${topic}/${partition}@${offset}`),
      }),
  );
  /** Batches handed over and not yet settled (stored or failed). */
  private readonly unsettled = new Set<Promise<void>>();
  /** Consecutive failed batches by partition, for the pause before reading it again. */
  private readonly failures = new Map<string, number>();
  private draining = false;
  private readonly groups = new TurnGroups<PartitionBatch, void>((batches) => this.assessTogether(batches), {
    maxInFlight: 6,
    maxWeight: MAX_GROUP_MESSAGES,
    weight: (batch) => batch.declarations.length + batch.rejected.length,
  });

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
    private readonly commandBus: CommandBus,
  ) {
    this.consumer = kafka.consumer({
      groupId: config.kafka.groupId,
      sessionTimeout: config.kafka.sessionTimeoutMs,
      rebalanceTimeout: 30_000,
      heartbeatInterval: Math.floor(config.kafka.sessionTimeoutMs / 5),
      maxBytesPerPartition: 1024 * 1024,
      // An offset commit queued behind a fetch waiting for messages waits with it: at most this long.
      maxWaitTimeInMs: 1_000,
      readUncommitted: false,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: Topic.Declarations, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 6,
      eachBatch: (payload) => this.handleBatch(payload),
    });
    this.logger.log(`Consuming ${Topic.Declarations}`);
  }

  /**
   * Shutdown, first step: stop fetching, let every batch handed over be stored and its offset
   * committed, then leave the group.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.draining = true;
    try {
      this.consumer.pause([{ topic: Topic.Declarations }]);
    } catch {
      // Never ran (start-up failed): nothing was handed over.
    }
    while (this.unsettled.size > 0) await Promise.all(this.unsettled);
    await this.commits.flush();
    await this.consumer.disconnect();
    this.logger.log('Stopped consuming; the last batch is committed');
  }

  private async handleBatch({ batch, heartbeat, isRunning, isStale, resolveOffset }: EachBatchPayload): Promise<void> {
    if (batch.messages.length === 0 || !isRunning() || isStale() || this.draining) return;
    const declarations: Declaration[] = [];
    const correlationIds: string[] = [];
    const origins: KafkaOrigin[] = [];
    const rejected: RejectedMessage[] = [];
    const source = { topic: batch.topic, partition: batch.partition };
    for (const message of batch.messages) {
      const key = message.key ? storableText(message.key.toString('utf8')) : null;
      const result = parseDeclarationMessage(message.value, key, header(message.headers, 'schema-version'));
      if (result.ok) {
        declarations.push(result.declaration);
        origins.push({ batch: source, message, key });
        correlationIds.push(
          correlationIdFrom(header(message.headers, CORRELATION_HEADER) ?? `${batch.topic}/${batch.partition}/${message.offset}`),
        );
      } else {
        rejected.push(rejectedKafkaMessage(batch, message, key, result.rejection));
      }
    }
    const last = batch.lastOffset();
    const nextOffset = (BigInt(last) + 1n).toString();
    const ticket = this.stored.track(batch.topic, batch.partition, batch.firstOffset() ?? last, nextOffset);
    let started!: () => void;
    const assessing = new Promise<void>((resolveStart) => (started = resolveStart));
    const settled = this.groups.submit([{ ...source, nextOffset, declarations, correlationIds, origins, rejected }], started).then(
      () => this.onStored(ticket, rejected),
      (error: unknown) => this.onFailed(ticket, error),
    );
    this.unsettled.add(settled);
    void settled.finally(() => this.unsettled.delete(settled));
    if (batch.offsetLag() === '0') {
      // Caught up: the batch is stored and its offset committed before the next fetch.
      await settled;
      await this.commits.flush();
    } else {
      // Behind: fetch on while the batch is assessed and stored.
      await assessing;
    }
    if (isStale()) return; // it failed, and the partition will be read again from its oldest batch not stored
    resolveOffset(last);
    await heartbeat();
  }

  /** The batch's decisions and dead letters are stored: its dead letters are logged (once, not on a failed attempt). */
  private onStored(ticket: BatchTicket, rejected: RejectedMessage[]): void {
    for (const { rejection, source } of rejected) {
      this.logger.warn({
        message: 'Dead-lettered',
        declarationId: source.key,
        reason: rejection.code,
        detail: rejection.message,
        ...source,
      });
    }
    const offset = this.stored.stored(ticket);
    if (offset === null) return;
    this.failures.delete(partitionKey(ticket.topic, ticket.partition));
    this.commits.schedule({ topic: ticket.topic, partition: ticket.partition, offset });
  }

  /** A batch could not be stored: its partition rests, then is read again from its oldest batch not stored. */
  private onFailed(ticket: BatchTicket, error: unknown): void {
    const resumeAt = this.stored.failed(ticket);
    if (resumeAt === null) return; // an earlier failure of the partition already sent it back
    const { topic, partition } = ticket;
    const key = partitionKey(topic, partition);
    const failures = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, failures);
    const pauseMs = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (failures - 1));
    this.logger.error({
      message: 'Could not store a batch; reading the partition again',
      topic,
      partition,
      offset: resumeAt,
      retryInMs: pauseMs,
      error: error instanceof Error ? error.message : String(error),
    });
    try {
      this.consumer.seek({ topic, partition, offset: resumeAt });
      this.consumer.pause([{ topic, partitions: [partition] }]);
      setTimeout(() => {
        if (!this.draining) this.consumer.resume([{ topic, partitions: [partition] }]);
      }, pauseMs).unref();
    } catch (seekError) {
      // No longer assigned (a rebalance): its new owner reads it from the committed offset.
      this.logger.warn({ message: 'Could not seek back', topic, partition, error: String(seekError) });
    }
  }

  /** Assesses and stores the partition batches of one turn in one command. */
  private async assessTogether(batches: PartitionBatch[]): Promise<void[]> {
    await this.commandBus.execute(
      new AssessDeclarationsCommand(
        batches.flatMap((batch) => batch.declarations),
        batches.flatMap((batch) => batch.rejected),
        'KAFKA',
        batches.flatMap((batch) => batch.correlationIds),
        batches.flatMap((batch) => batch.origins),
      ),
    );
    faultPoint(this.config, 'after-decisions-commit');
    return batches.map(() => undefined);
  }
}

function header(headers: IHeaders | undefined, name: string): string | null {
  const value = headers?.[name];
  if (value === undefined) return null;
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? null : storableText(first.toString());
}
