import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { ENGINE_CONFIG, type EngineConfig } from '@app/config';
import {
  InspectionOutcomeDto,
  MAX_DECLARATION_BYTES,
  SeizureRecordDto,
  Topic,
  storableText,
  validateAs,
  type InspectionOutcome,
  type Rejection,
  type SeizureRecord,
} from '@app/contracts';
import { KAFKA } from '../../../infrastructure/kafka.module';
import { rejectedKafkaMessage, type RejectedMessage } from '../../../selectivity/commands/assess-declarations/assess-declarations.command';
import { RecordHistoryCommand } from './record-history.command';

function parse(message: KafkaMessage): { ok: true; value: unknown } | { ok: false; rejection: Rejection } {
  const value = message.value;
  if (!value || value.length === 0)
    return { ok: false, rejection: { code: 'MALFORMED_JSON', message: 'The message has no value', fields: [] } };
  if (value.length > MAX_DECLARATION_BYTES) {
    return {
      ok: false,
      rejection: {
        code: 'PAYLOAD_TOO_LARGE',
        message: `The message is ${value.length} bytes; the limit is ${MAX_DECLARATION_BYTES}`,
        fields: [],
      },
    };
  }
  try {
    return { ok: true, value: JSON.parse(value.toString('utf8')) };
  } catch (error) {
    return {
      ok: false,
      rejection: { code: 'MALFORMED_JSON', message: `The message is not valid JSON: ${(error as Error).message}`, fields: [] },
    };
  }
}

/**
 * Kafka adapter for history: inspection outcomes and seizures. Like the declaration intake, it
 * commits offsets only after the batch is stored, and dead-letters what fails validation.
 */
@Injectable()
export class HistoryIntakeConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(HistoryIntakeConsumer.name);
  private readonly consumer: Consumer;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(ENGINE_CONFIG) config: EngineConfig,
    private readonly commandBus: CommandBus,
  ) {
    this.consumer = kafka.consumer({
      groupId: `${config.kafka.groupId}-history`,
      sessionTimeout: config.kafka.sessionTimeoutMs,
      heartbeatInterval: Math.floor(config.kafka.sessionTimeoutMs / 5),
      readUncommitted: false,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [Topic.InspectionOutcomes, Topic.Seizures], fromBeginning: true });
    await this.consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (payload) => this.handleBatch(payload) });
    this.logger.log(`Consuming ${Topic.InspectionOutcomes} and ${Topic.Seizures}`);
  }

  /** Shutdown, first step: stop fetching; kafkajs lets the batch in hand finish and commit, then leaves the group. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer.disconnect();
    this.logger.log('Stopped consuming; the last batch is committed');
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    if (batch.messages.length === 0 || !isRunning() || isStale()) return;
    const outcomes: InspectionOutcome[] = [];
    const seizures: SeizureRecord[] = [];
    const rejected: RejectedMessage[] = [];
    for (const message of batch.messages) {
      const key = message.key ? storableText(message.key.toString('utf8')) : null;
      const reject = (rejection: Rejection) => rejected.push(rejectedKafkaMessage(batch, message, key, rejection));
      const parsed = parse(message);
      if (!parsed.ok) {
        reject(parsed.rejection);
        continue;
      }
      if (batch.topic === (Topic.Seizures as string)) {
        const seizure = validateAs(SeizureRecordDto, parsed.value, 'Seizure');
        if (seizure.ok) seizures.push(seizure.value);
        else reject(seizure.rejection);
      } else {
        const outcome = validateAs(InspectionOutcomeDto, parsed.value, 'Inspection outcome');
        if (outcome.ok) outcomes.push(outcome.value);
        else reject(outcome.rejection);
      }
    }
    await this.commandBus.execute(new RecordHistoryCommand(outcomes, seizures, rejected));
    const last = batch.lastOffset();
    resolveOffset(last);
    await this.consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() }]);
    await heartbeat();
  }
}
