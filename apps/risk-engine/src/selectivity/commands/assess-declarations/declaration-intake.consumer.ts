import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Consumer, EachBatchPayload, IHeaders, Kafka } from 'kafkajs';
import { ENGINE_CONFIG, type EngineConfig } from '@app/config';
import { Topic, parseDeclarationMessage, storableText, type Declaration } from '@app/contracts';
import { CORRELATION_HEADER, correlationIdFrom } from '../../../observability/correlation';
import { faultPoint } from '../../../infrastructure/fault-injection';
import { KAFKA } from '../../../infrastructure/kafka.module';
import { AssessDeclarationsCommand, type RejectedMessage } from './assess-declarations.command';

/**
 * Kafka adapter: reads declarations in batches, validates each, and hands the batch to the
 * command bus. Offsets are committed only after the batch's database transaction has committed,
 * so a crash at any point replays the batch instead of losing it.
 */
@Injectable()
export class DeclarationIntakeConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DeclarationIntakeConsumer.name);
  private readonly consumer: Consumer;

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
    await this.commandBus.execute(new AssessDeclarationsCommand(declarations, rejected, 'KAFKA', correlationIds));
    faultPoint(this.config, 'after-decisions-commit');
    const last = batch.lastOffset();
    resolveOffset(last);
    await this.consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() }]);
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
}

function header(headers: IHeaders | undefined, name: string): string | null {
  const value = headers?.[name];
  if (value === undefined) return null;
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? null : storableText(first.toString());
}
