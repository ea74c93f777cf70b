import { Kafka, Partitioners, logLevel, type Admin, type ITopicConfig, type LogEntry } from 'kafkajs';
import { Topic } from '@app/contracts';
import { useLeanProduceEncoding } from './lean-produce-encoding';
import { cacheTransactionCoordinators } from './transaction-coordinator-cache';

export interface KafkaConnection {
  brokers: string[];
  clientId: string;
}

export type KafkaLogSink = (level: 'error' | 'warn' | 'log', message: string, fields: Record<string, unknown>) => void;

/**
 * A kafkajs client that reports through the given sink instead of its own console logger; its
 * transactional producers look their coordinator up once a second, not twice per transaction,
 * and the process's Produce requests are encoded in one pass (`useLeanProduceEncoding`).
 */
export function createKafka(connection: KafkaConnection, sink?: KafkaLogSink): Kafka {
  const kafka = new Kafka({
    clientId: connection.clientId,
    brokers: connection.brokers,
    connectionTimeout: 5_000,
    requestTimeout: 30_000,
    retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 5_000 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log, namespace }: LogEntry) => {
        const { message, ...extra } = log;
        // Producers are transactional: a failed transaction is aborted, so bounded retries are safe.
        if (String(message).startsWith('Limiting retries for the idempotent producer')) return;
        // CONCURRENT_TRANSACTIONS right after a commit is retried by kafkajs and is not a fault.
        if (String(extra.error ?? '').includes('another concurrent operation on the same transaction')) return;
        if (String(message).includes('another concurrent operation on the same transaction')) return;
        if (!sink) return;
        sink(level <= logLevel.ERROR ? 'error' : level === logLevel.WARN ? 'warn' : 'log', `[kafkajs ${namespace}] ${message}`, {
          namespace,
          ...extra,
        });
      },
  });
  cacheTransactionCoordinators(kafka);
  useLeanProduceEncoding();
  return kafka;
}

/** The topics the engine owns, with the partitions they are created with. */
export const ENGINE_TOPICS: ITopicConfig[] = [
  { topic: Topic.Declarations, numPartitions: 6, replicationFactor: 1 },
  { topic: Topic.RiskDecisions, numPartitions: 6, replicationFactor: 1 },
  { topic: Topic.DeclarationsDeadLetter, numPartitions: 3, replicationFactor: 1 },
  { topic: Topic.InspectionOutcomes, numPartitions: 3, replicationFactor: 1 },
  { topic: Topic.Seizures, numPartitions: 3, replicationFactor: 1 },
  { topic: Topic.HistoryDeadLetter, numPartitions: 1, replicationFactor: 1 },
  { topic: Topic.RiskAlerts, numPartitions: 1, replicationFactor: 1 },
];

/** Creates whichever of the topics are missing; existing topics are left as they are. */
export async function ensureTopics(admin: Admin, topics: ITopicConfig[] = ENGINE_TOPICS): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((topic) => !existing.has(topic.topic));
  if (missing.length === 0) return;
  try {
    await admin.createTopics({ topics: missing, waitForLeaders: true });
  } catch (error) {
    // Another instance may have created them in the meantime.
    if ((error as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS') throw error;
  }
}

/** The partitioner every producer uses (murmur2, as the Java client), stated to silence kafkajs' v2 notice. */
export const createPartitioner = Partitioners.DefaultPartitioner;

/**
 * Retries of a transactional producer that commits back to back, as the outbox relay does. A
 * transaction started right after a commit may meet CONCURRENT_TRANSACTIONS while the broker
 * writes the commit markers (1 to 3 ms); kafkajs then refreshes its metadata and waits one retry
 * time. The client-wide first retry (200 ms) would hold every message of the next transaction
 * that long; this retries after about 2 ms, doubling up to 2 s, about 10 s in all.
 * `npm run bench:transactions` compares it with a first retry of 10 ms.
 */
export const BACK_TO_BACK_TRANSACTION_RETRY = { initialRetryTime: 2, maxRetryTime: 2_000, retries: 14 } as const;
