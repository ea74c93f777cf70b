import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { aDeclaration } from '@app/testing';
import { startEngine } from './support/engine-harness';
import { testDatabaseUrl } from './support/test-environment';

/**
 * The outbox is a queue table: every published row is deleted. The relay vacuums it itself every
 * OUTBOX_VACUUM_EVERY published messages, so dead rows do not wait for autovacuum (off on some
 * databases, about once a minute on others).
 */
describe('outbox vacuum by the relay', () => {
  const runId = `VAC${randomUUID().slice(0, 8).toUpperCase()}`;
  let engine: INestApplication;
  let db: Client;

  beforeAll(async () => {
    engine = await startEngine({ OUTBOX_VACUUM_EVERY: '40' });
    db = new Client({ connectionString: testDatabaseUrl() });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await engine?.close();
  });

  const vacuums = async () =>
    Number(
      (await db.query<{ count: string }>("SELECT vacuum_count AS count FROM pg_stat_user_tables WHERE relname = 'outbox_messages'")).rows[0]
        ?.count,
    );
  const metricCount = async () => {
    const body = (await request(engine.getHttpServer()).get('/metrics').expect(200)).text;
    return Number(/^risk_engine_outbox_vacuum_duration_seconds_count (\d+)$/m.exec(body)?.[1]);
  };

  const lodge = async (from: number, to: number) => {
    for (let i = from; i < to; i += 1) {
      await request(engine.getHttpServer())
        .post('/v1/risk-assessments')
        .send(aDeclaration({ declarationId: `${runId}-${i}` }))
        .expect(200);
    }
  };

  it('vacuums the outbox table once the relay has published the configured number of messages', async () => {
    const before = await vacuums();
    expect(await metricCount()).toBe(0);
    await lodge(0, 30);
    // 30 published: below the 40 that trigger a vacuum.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await metricCount()).toBe(0);

    await lodge(30, 45);
    const deadline = Date.now() + 15_000;
    while ((await metricCount()) < 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await metricCount()).toBe(1);
    // PostgreSQL's own statistics count the vacuum too (they are flushed within a second or so).
    while ((await vacuums()) <= before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await vacuums()).toBeGreaterThan(before);
  });
});
