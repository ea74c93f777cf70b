import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { findPublishedAttempts } from '../apps/risk-engine/src/outbox/published-attempts';
import { ATTEMPT_HEADER, newAttemptId } from '../apps/risk-engine/src/outbox/relay-attempt';
import { scratchTopic, testKafka } from './support/kafka-probe';

/**
 * A relay taking over learns from the output topics which unfinished attempt committed: only
 * messages of committed transactions count, whatever else is on the partitions.
 */
describe('finding the relay attempts Kafka committed', () => {
  const run = randomUUID().slice(0, 8);
  const topic = `relay-attempts-${run}`;
  const transactionalId = `relay-attempts-${run}`;
  const kafka = testKafka();
  const { admin, producers } = scratchTopic(topic, 3);

  const transactionalProducer = async (): Promise<Producer> => {
    const producer = kafka.producer({ transactionalId, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    producers.push(producer);
    return producer;
  };
  const attemptMessages = (attempt: string, partitions: number[]) =>
    partitions.map((partition) => ({ partition, key: `${attempt}-${partition}`, value: '{}', headers: { [ATTEMPT_HEADER]: attempt } }));

  it('names the committed attempt only: not an aborted one, not a fenced open one, not one never sent', async () => {
    const since = Date.now();
    const other = kafka.producer();
    await other.connect();
    producers.push(other);
    await other.send({ topic, messages: [{ partition: 0, value: 'unrelated', headers: { [ATTEMPT_HEADER]: 'someone-else' } }] });

    const committed = newAttemptId();
    const aborted = newAttemptId();
    const open = newAttemptId();
    const neverSent = newAttemptId();
    const relay = await transactionalProducer();
    const first = await relay.transaction();
    await first.send({ topic, messages: attemptMessages(committed, [0, 1, 2]) });
    await first.commit();
    const second = await relay.transaction();
    await second.send({ topic, messages: attemptMessages(aborted, [1]) });
    await second.abort();
    const third = await relay.transaction();
    await third.send({ topic, messages: attemptMessages(open, [2]) });
    // The relay dies with the third transaction open; its successor fences it (aborting it).
    await transactionalProducer();

    const groupPrefix = `relay-attempts-${run}-takeover`;
    const found = await findPublishedAttempts(kafka, {
      attempts: new Set([committed, aborted, open, neverSent]),
      topics: [topic],
      since: since - 1_000,
      groupPrefix,
      timeoutMs: 30_000,
    });

    expect([...found]).toEqual([committed]);
    const { groups } = await admin.listGroups();
    expect(groups.filter((group) => group.groupId.startsWith(groupPrefix))).toEqual([]);
  });

  it('finds nothing when the attempts are older than the messages read', async () => {
    const relay = await transactionalProducer();
    const attempt = newAttemptId();
    const transaction = await relay.transaction();
    await transaction.send({ topic, messages: attemptMessages(attempt, [0]) });
    await transaction.commit();

    const withinWindow = await findPublishedAttempts(kafka, {
      attempts: new Set([attempt]),
      topics: [topic],
      since: Date.now() - 60_000,
      groupPrefix: `relay-attempts-${run}-a`,
    });
    const afterWindow = await findPublishedAttempts(kafka, {
      attempts: new Set([attempt]),
      topics: [topic],
      since: Date.now() + 60_000,
      groupPrefix: `relay-attempts-${run}-b`,
    });

    expect([...withinWindow]).toEqual([attempt]);
    expect(afterWindow.size).toBe(0);
  });
});
