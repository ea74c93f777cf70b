import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Consumer, EachBatchPayload, IHeaders, Kafka } from 'kafkajs';
import { ENGINE_CONFIG, type EngineConfig } from '@app/config';
import { Topic, parseDeclarationMessage, storableText, type Declaration } from '@app/contracts';
import { CORRELATION_HEADER, correlationIdFrom } from '../../../observability/correlation';
import { faultPoint } from '../../../infrastructure/fault-injection';
import { KAFKA } from '../../../infrastructure/kafka.module';
import { AssessDeclarationsCommand, type RejectedMessage } from './assess-declarations.command';
import { TurnGroups } from './turn-groups';

/** Messages of one fetched partition batch, validated, waiting to be assessed with the others of its fetch. */
interface PartitionBatch {
  topic: string;
  partition: number;
  /** The offset to commit once the batch is stored: one past its last message. */
  nextOffset: string;
  declarations: Declaration[];
  correlationIds: string[];
  rejected: RejectedMessage[];
}

/** Partition batches assessed together stop growing past this many messages; a larger batch goes alone. */
const MAX_GROUP_MESSAGES = 2_000;

/**
 * Kafka adapter: reads declarations in batches, validates each, and hands the batch to the
 * command bus. The batches of several partitions that arrive together (one fetch) are assessed as
 * one command: one context read, one database statement, one offset commit. Offsets are
 * committed only after that database transaction has committed, so a crash at any point replays
 * the batches instead of losing them.
 */
@Injectable()
export class DeclarationIntakeConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DeclarationIntakeConsumer.name);
  private readonly consumer: Consumer;
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

  /** Shutdown, first step: stop fetching; kafkajs lets the batch in hand finish and commit, then leaves the group. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer.disconnect();
    this.logger.log('Stopped consuming; the last batch is committed');
  }

  private async handleBatch({ batch, heartbeat, isRunning, isStale, resolveOffset }: EachBatchPayload): Promise<void> {
    if (batch.messages.length === 0 || !isRunning() || isStale()) return;
    const declarations: Declaration[] = [];
    const correlationIds: string[] = [];
    const rejected: RejectedMessage[] = [];
    for (const message of batch.messages) {
      const key = message.key ? storableText(message.key.toString('utf8')) : null;
      const result = parseDeclarationMessage(message.value, key, header(message.headers, 'schema-version'));
      if (result.ok) {
        declarations.push(result.declaration);
        correlationIds.push(
          correlationIdFrom(header(message.headers, CORRELATION_HEADER) ?? `${batch.topic}/${batch.partition}/${message.offset}`),
        );
      } else {
        rejected.push({
          rejection: result.rejection,
          source: {
            topic: batch.topic,
            partition: batch.partition,
            offset: message.offset,
            key,
            timestamp: new Date(Number(message.timestamp)).toISOString(),
          },
          payload: message.value?.toString('utf8') ?? '',
        });
      }
    }
    const last = batch.lastOffset();
    const nextOffset = (BigInt(last) + 1n).toString();
    await this.groups.submit([{ topic: batch.topic, partition: batch.partition, nextOffset, declarations, correlationIds, rejected }]);
    resolveOffset(last);
    await heartbeat();
    if (rejected.length > 0) {
      for (const { rejection, source } of rejected) {
        this.logger.warn({
          message: 'Dead-lettered',
          declarationId: source.key,
          reason: rejection.code,
          detail: rejection.message,
          ...source,
        });
      }
    }
  }

  /** Assesses and stores the partition batches of one turn in one command, then commits their offsets in one request. */
  private async assessTogether(batches: PartitionBatch[]): Promise<void[]> {
    await this.commandBus.execute(
      new AssessDeclarationsCommand(
        batches.flatMap((batch) => batch.declarations),
        batches.flatMap((batch) => batch.rejected),
        'KAFKA',
        batches.flatMap((batch) => batch.correlationIds),
      ),
    );
    faultPoint(this.config, 'after-decisions-commit');
    await this.consumer.commitOffsets(batches.map(({ topic, partition, nextOffset }) => ({ topic, partition, offset: nextOffset })));
    return batches.map(() => undefined);
  }
}

function header(headers: IHeaders | undefined, name: string): string | null {
  const value = headers?.[name];
  if (value === undefined) return null;
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? null : storableText(first.toString());
}
