import type { Admin, Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { Topic } from '@app/contracts';

const SCRAPE_TIMEOUT_MS = 2_000;

const withTimeout = <T>(promise: Promise<T>) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), SCRAPE_TIMEOUT_MS))]);

/** The consumer groups the engine runs and the topics each reads. */
export function consumedTopics(groupId: string): { groupId: string; topics: string[] }[] {
  return [
    { groupId, topics: [Topic.Declarations] },
    { groupId: `${groupId}-history`, topics: [Topic.InspectionOutcomes, Topic.Seizures] },
  ];
}

/** Consumer lag per topic and partition: the log end offset minus the group's committed offset. */
export function consumerLagProbe(kafka: Kafka, groupId: string) {
  return async (): Promise<{ labels: { topic: string; partition: string }; value: number }[] | null> => {
    const admin: Admin = kafka.admin();
    try {
      await withTimeout(admin.connect());
      const values: { labels: { topic: string; partition: string }; value: number }[] = [];
      for (const group of consumedTopics(groupId)) {
        const committed = await withTimeout(admin.fetchOffsets({ groupId: group.groupId, topics: group.topics }));
        for (const { topic, partitions } of committed) {
          const ends = await withTimeout(admin.fetchTopicOffsets(topic));
          for (const end of ends) {
            const offset = partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
            const from = BigInt(offset) >= 0n ? BigInt(offset) : BigInt(end.low);
            values.push({ labels: { topic, partition: String(end.partition) }, value: Number(BigInt(end.high) - from) });
          }
        }
      }
      return values;
    } catch {
      return null;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  };
}

/** Outbox rows committed and not yet published. */
export function outboxBacklogProbe(dataSource: DataSource) {
  return async (): Promise<{ labels: Record<never, string>; value: number }[] | null> => {
    try {
      const rows = await withTimeout(dataSource.query<{ count: string }[]>('SELECT count(*) AS count FROM outbox_messages'));
      return [{ labels: {}, value: Number(rows[0]?.count ?? 0) }];
    } catch {
      return null;
    }
  };
}
