import type { INestApplication } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import { Client } from 'pg';
import { loadEnvironment, toEngineConfig, type EngineConfig } from '@app/config';
import { createEngine } from '../../apps/risk-engine/src/bootstrap';
import { connectedProducer } from './kafka-probe';
import { testDatabaseUrl } from './test-environment';

/** Configuration for an engine under test, against the real stack and the test database. */
export function testEngineConfig(overrides: Record<string, string> = {}): EngineConfig {
  return toEngineConfig(
    loadEnvironment({
      DATABASE_URL: testDatabaseUrl(),
      KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
      PORT: '0',
      LOG_LEVEL: 'warn',
      ...overrides,
    }),
  );
}

/** Starts the whole engine in this process: HTTP on a free port, Kafka consumer, outbox relay. */
export async function startEngine(overrides: Record<string, string> = {}): Promise<INestApplication> {
  const app = await createEngine(testEngineConfig(overrides));
  await app.listen(0, '127.0.0.1');
  return app;
}

/** An engine in this process, with a Kafka producer and a database connection for the spec. */
export interface RunningEngine {
  readonly engine: INestApplication;
  readonly producer: Producer;
  readonly db: Client;
}

/**
 * Starts an engine, a producer and a database connection before the calling spec's tests and
 * stops them after; the returned object holds them once the spec's tests run.
 */
export function runningEngine(): RunningEngine {
  const running = {} as { engine: INestApplication; producer: Producer; db: Client };
  beforeAll(async () => {
    running.engine = await startEngine();
    running.producer = await connectedProducer();
    running.db = new Client({ connectionString: testDatabaseUrl() });
    await running.db.connect();
  });
  afterAll(async () => {
    await running.producer?.disconnect();
    await running.db?.end();
    await running.engine?.close();
  });
  return running;
}

/** Polls a `SELECT count(*)` until it gives at least `expected`; fails after 30 s. */
export async function waitForRows(db: Client, sql: string, parameters: unknown[], expected: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const result = await db.query<{ count: string }>(sql, parameters);
    if (Number(result.rows[0]?.count) >= expected) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`expected ${expected} rows from ${sql}`);
}
