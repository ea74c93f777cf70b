import type { Admin, Consumer, Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { ATTEMPT_HEADER } from './relay-attempt';

/** What a relay taking over needs to know about the attempts it found marked in the outbox. */
export interface AttemptSearch {
  /** Attempt ids to look for. */
  attempts: ReadonlySet<string>;
  /** The topics their rows were queued for. */
  topics: readonly string[];
  /** Read messages timestamped from this time on (Unix ms). */
  since: number;
  /** Names the throwaway consumer group (a fresh suffix is added; the group is deleted afterwards). */
  groupPrefix: string;
  timeoutMs?: number;
}

/**
 * Which of the attempts a committed Kafka transaction published: reads the topics (read_committed)
 * from `since` up to their current end and collects the attempt headers it meets. Call it only
 * after fencing the earlier relay (starting the transactional producer): its last transaction has
 * then either committed or aborted, and what it committed is below the end offsets read here.
 */
export async function findPublishedAttempts(kafka: Kafka, search: AttemptSearch): Promise<Set<string>> {
  const found = new Set<string>();
  if (search.attempts.size === 0 || search.topics.length === 0) return found;
  const groupId = `${search.groupPrefix}-${randomUUID()}`;
  const admin = kafka.admin();
  await admin.connect();
  let consumer: Consumer | null = null;
  try {
    const { starts, remaining } = await partitionRanges(admin, search);
    if (remaining.size === 0) return found;
    consumer = kafka.consumer({ groupId, readUncommitted: false, maxBytesPerPartition: 4 * 1024 * 1024 });
    await consumer.connect();
    await consumer.subscribe({ topics: [...search.topics], fromBeginning: false });
    await readToEnd(consumer, starts, remaining, search, found);
    return found;
  } finally {
    await consumer?.disconnect().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}

interface PartitionStart {
  topic: string;
  partition: number;
  offset: string;
}

/** Where to start on each partition (first message at or after `since`) and where each ends, for those with anything to read. */
async function partitionRanges(admin: Admin, search: AttemptSearch): Promise<{ starts: PartitionStart[]; remaining: Map<string, bigint> }> {
  const starts: PartitionStart[] = [];
  const remaining = new Map<string, bigint>();
  for (const topic of search.topics) {
    const fromTime = await admin.fetchTopicOffsetsByTimestamp(topic, search.since);
    const latest = await admin.fetchTopicOffsets(topic);
    for (const { partition, offset } of fromTime) {
      const end = BigInt(latest.find((p) => p.partition === partition)?.high ?? offset);
      if (BigInt(offset) >= end) continue;
      starts.push({ topic, partition, offset });
      remaining.set(`${topic}:${partition}`, end);
    }
  }
  return { starts, remaining };
}

/**
 * Runs the consumer from the end of each topic (an empty group) and seeks it to the starts; what
 * it fetches before a seek takes effect is nothing, since it starts at the end.
 */
function readToEnd(
  consumer: Consumer,
  starts: PartitionStart[],
  remaining: Map<string, bigint>,
  search: AttemptSearch,
  found: Set<string>,
): Promise<void> {
  const timeoutMs = search.timeoutMs ?? 60_000;
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`could not read ${[...remaining.keys()].join(', ')} to the end within ${timeoutMs} ms`)),
      timeoutMs,
    );
    // Emitted for every fetched batch, also one holding only transaction markers or aborted
    // messages, which never reaches eachBatch.
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      const key = `${payload.topic}:${payload.partition}`;
      const end = remaining.get(key);
      if (end !== undefined && BigInt(payload.lastOffset) + 1n >= end) remaining.delete(key);
      if (remaining.size === 0) {
        clearTimeout(timer);
        resolve();
      }
    });
    consumer
      .run({
        autoCommit: false,
        eachBatch: ({ batch }) => {
          for (const message of batch.messages) {
            const attempt = message.headers?.[ATTEMPT_HEADER]?.toString();
            if (attempt !== undefined && search.attempts.has(attempt)) found.add(attempt);
          }
          return Promise.resolve();
        },
      })
      .then(() => {
        for (const { topic, partition, offset } of starts) consumer.seek({ topic, partition, offset });
      })
      .catch((error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      });
  });
}
