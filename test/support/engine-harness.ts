import type { INestApplication } from '@nestjs/common';
import { loadEnvironment, toEngineConfig, type EngineConfig } from '@app/config';
import { createEngine } from '../../apps/risk-engine/src/bootstrap';
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
