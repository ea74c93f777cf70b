import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Topic } from '@app/contracts';
import { startEngine } from './support/engine-harness';
import { TopicProbe } from './support/kafka-probe';

/** The relay publishes in outbox id order, also where the ids gain a digit (99999 -> 100000). */
describe('outbox relay order', () => {
  const runId = `ORDER${randomUUID().slice(0, 8).toUpperCase()}`;
  let engine: INestApplication;
  let probe: TopicProbe;
  let db: Client;

  beforeAll(async () => {
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    engine = await startEngine();
    probe = await new TopicProbe(Topic.RiskDecisions, (m) => m.key === runId).start();
  });

  afterAll(async () => {
    await probe?.stop();
    await engine?.close();
    await db?.end();
  });

  it('publishes messages of one key in the order they were queued across a digit boundary', async () => {
    const current = await db.query<{ last_value: string }>('SELECT last_value FROM outbox_messages_id_seq');
    const boundary = 10 ** (String(current.rows[0]?.last_value ?? '1').length + 1);
    await db.query('SELECT setval($1, $2)', ['outbox_messages_id_seq', boundary - 6]);
    const payloads = Array.from({ length: 12 }, (_, index) => JSON.stringify({ sequence: index }));
    await db.query(
      `INSERT INTO outbox_messages (topic, message_key, payload, headers)
       SELECT $1, $2, p, '{}'::jsonb FROM unnest($3::text[]) WITH ORDINALITY AS t(p, n) ORDER BY n`,
      [Topic.RiskDecisions, runId, payloads],
    );
    await db.query(`SELECT pg_notify('outbox_messages', '')`);

    const published = await probe.waitFor(12, 20_000, 500);
    expect(published.map((m) => (JSON.parse(m.value) as { sequence: number }).sequence)).toEqual(payloads.map((_, index) => index));
    const ids = published.map((m) => Number(m.headers['outbox-id']));
    expect(ids[0]).toBeLessThan(boundary);
    expect(ids[ids.length - 1]).toBeGreaterThanOrEqual(boundary);
  });
});
