import type { Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { cacheTransactionCoordinators, createKafka } from '@app/messaging';
import { scratchTopic, testKafka } from './support/kafka-probe';
import { testKafkaBrokers } from './support/test-environment';

/**
 * kafkajs looks the transaction coordinator up before every AddPartitionsToTxn and every EndTxn.
 * The engine's clients keep the answer for a second, so a relay transaction takes three round
 * trips to the broker instead of five (ADR 0009).
 */
describe('transaction coordinator lookups', () => {
  const run = randomUUID().slice(0, 8);
  const topic = `coordinator-cache-${run}`;
  const TRANSACTIONS = 8;
  const { admin, producers } = scratchTopic(topic, 1);

  /** Runs committed transactions of one message each (on `into`); returns how many coordinator lookups the producer made. */
  async function lookupsFor(kafka: Kafka, transactions: number, into = topic): Promise<number> {
    const producer = kafka.producer({ transactionalId: `${topic}-${randomUUID()}`, idempotent: true, maxInFlightRequests: 1 });
    producers.push(producer);
    let lookups = 0;
    producer.on(producer.events.REQUEST, ({ payload }) => {
      if (payload.apiName === 'GroupCoordinator') lookups += 1;
    });
    await producer.connect();
    for (let index = 0; index < transactions; index += 1) {
      const transaction = await producer.transaction();
      await transaction.send({ topic: into, messages: [{ key: String(index), value: String(index) }] });
      await transaction.commit();
    }
    return lookups;
  }

  it('kafkajs alone looks the coordinator up twice in every transaction', async () => {
    expect(await lookupsFor(testKafka(), TRANSACTIONS)).toBeGreaterThanOrEqual(2 * TRANSACTIONS);
  });

  it('with the cache, once for the producer while the answer is fresh', async () => {
    const kafka = testKafka();
    expect(cacheTransactionCoordinators(kafka, 60_000)).toBe(true);
    expect(await lookupsFor(kafka, TRANSACTIONS)).toBe(1);
  });

  it('the engine’s clients have the cache: fewer lookups than transactions, and every message committed', async () => {
    // A topic of its own: the earlier producers' commit markers may still be landing on the shared one.
    const own = `${topic}-engine`;
    await admin.createTopics({ topics: [{ topic: own, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
    const kafka = createKafka({ brokers: testKafkaBrokers(), clientId: `coordinator-cache-${run}` });
    expect(await lookupsFor(kafka, TRANSACTIONS, own)).toBeLessThan(TRANSACTIONS);
    // Each committed transaction leaves its message and a commit marker; the broker writes the
    // marker after it has answered EndTxn, so the last one may take a moment.
    const end = async () => Number((await admin.fetchTopicOffsets(own))[0]?.high);
    const deadline = Date.now() + 10_000;
    while ((await end()) < 2 * TRANSACTIONS && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await end()).toBe(2 * TRANSACTIONS);
    await admin.deleteTopics({ topics: [own] }).catch(() => undefined);
  });
});
