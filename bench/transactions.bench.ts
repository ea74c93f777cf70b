/**
 * npm run bench:transactions — back-to-back Kafka transactions, as the outbox relay commits them,
 * with the relay producer's retries (BACK_TO_BACK_TRANSACTION_RETRY: first retry after about
 * 2 ms) against a first retry of 10 ms (the relay's until 2026-12-04). A transaction started
 * right after a commit may meet CONCURRENT_TRANSACTIONS while the broker writes the commit
 * markers; the share of transactions that did is counted from the AddPartitionsToTxn requests.
 * The two producers take turns in blocks, so both meet the same spells of a noisy machine.
 */
import { cpus } from 'node:os';
import type { Producer } from 'kafkajs';
import { BACK_TO_BACK_TRANSACTION_RETRY, createKafka, createPartitioner } from '@app/messaging';
import { BROKERS, percentile, runBench } from './support';

const BLOCKS = Number(process.env.BENCH_TRANSACTION_BLOCKS ?? 20);
const PER_BLOCK = 25;
/** A relay cycle at 500 HTTP requests/s carries 3 to 4 decisions of about 800 bytes. */
const MESSAGES = 3;

interface Side {
  name: string;
  producer: Producer;
  durations: number[];
  addPartitionsRequests: number;
}

async function main(): Promise<void> {
  const run = `bench-transactions-${Date.now().toString(36)}`;
  const kafka = createKafka({ brokers: BROKERS, clientId: run });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: run, numPartitions: 6 }], waitForLeaders: true });
  const side = (name: string, retry: { initialRetryTime: number; maxRetryTime: number; retries: number }): Side => {
    const producer = kafka.producer({
      transactionalId: `${run}-${name.replace(/\W+/g, '-')}`,
      idempotent: true,
      maxInFlightRequests: 1,
      retry: { ...retry },
      createPartitioner,
    });
    const state: Side = { name, producer, durations: [], addPartitionsRequests: 0 };
    producer.on(producer.events.REQUEST, ({ payload }) => {
      if (payload.apiName === 'AddPartitionsToTxn') state.addPartitionsRequests += 1;
    });
    return state;
  };
  const sides = [
    side('first retry 10 ms', { initialRetryTime: 10, maxRetryTime: 2_000, retries: 12 }),
    side(`first retry ${BACK_TO_BACK_TRANSACTION_RETRY.initialRetryTime} ms (the relay's)`, BACK_TO_BACK_TRANSACTION_RETRY),
  ];
  const value = 'x'.repeat(800);
  try {
    for (const { producer } of sides) await producer.connect();
    let key = 0;
    for (let block = 0; block < BLOCKS; block += 1) {
      for (const current of sides) {
        for (let i = 0; i < PER_BLOCK; i += 1) {
          const started = performance.now();
          const transaction = await current.producer.transaction();
          const messages = Array.from({ length: MESSAGES }, () => ({ key: String((key += 1)), value }));
          await transaction.send({ topic: run, messages });
          await transaction.commit();
          current.durations.push(performance.now() - started);
        }
      }
    }
    console.log(
      `Machine: ${cpus().length} x ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}; the broker on the same machine`,
    );
    console.log(`${BLOCKS * PER_BLOCK} back-to-back transactions of ${MESSAGES} messages per side, in alternating blocks of ${PER_BLOCK}:`);
    for (const { name, durations, addPartitionsRequests } of sides) {
      const collided = addPartitionsRequests - durations.length;
      const [p50, p90, p99] = [50, 90, 99].map((p) => percentile(durations, p).toFixed(1));
      console.log(
        `  ${name}: transaction p50 ${p50} ms, p90 ${p90} ms, p99 ${p99} ms; AddPartitionsToTxn retried ${collided} times (${((100 * collided) / durations.length).toFixed(0)}% of transactions)`,
      );
    }
  } finally {
    for (const { producer } of sides) await producer.disconnect().catch(() => undefined);
    await admin.deleteTopics({ topics: [run] }).catch(() => undefined);
    await admin.disconnect();
  }
}

runBench(main);
