import type { INestApplication } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Topic, type RiskDecision } from '@app/contracts';
import { sampleDeclarations } from '@app/testing';
import { startEngine } from './support/engine-harness';
import { TopicProbe, connectedProducer } from './support/kafka-probe';
import { testDatabaseUrl } from './support/test-environment';

/**
 * The database refuses a run's decisions for a while (a trigger raises on them). The consumer
 * must neither skip nor lose those declarations, nor hammer the database: each refused batch
 * sends its partition back to the oldest batch not stored, and the partition rests before it is
 * read again (500 ms, doubling).
 */
describe('declarations whose batch the database refuses', () => {
  const runId = `REF${randomUUID().slice(0, 8).toUpperCase()}`;
  const name = `refuse_${runId.toLowerCase()}`;
  let engine: INestApplication;
  let producer: Producer;
  let db: Client;

  beforeAll(async () => {
    db = new Client({ connectionString: testDatabaseUrl() });
    await db.connect();
    engine = await startEngine();
    producer = await connectedProducer();
    await db.query(`CREATE SEQUENCE ${name}`);
    await db.query(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.declaration_id LIKE '${runId}-%' THEN
          PERFORM nextval('${name}');
          RAISE EXCEPTION 'refused by the test';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`CREATE TRIGGER ${name} BEFORE INSERT ON risk_decisions FOR EACH ROW EXECUTE FUNCTION ${name}()`);
  });

  afterAll(async () => {
    await db?.query(`DROP TRIGGER IF EXISTS ${name} ON risk_decisions`);
    await db?.query(`DROP FUNCTION IF EXISTS ${name}()`);
    await db?.query(`DROP SEQUENCE IF EXISTS ${name}`);
    await producer?.disconnect();
    await engine?.close();
    await db?.end();
  });

  it('tries them again after a pause, and decides each exactly once when the database accepts them', async () => {
    const declarations = sampleDeclarations(300, { seed: 77, idPrefix: runId });
    const decisions = await new TopicProbe(Topic.RiskDecisions, (m) => m.key?.startsWith(runId) ?? false).start();
    const logged: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    const stdout = jest
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk: string | Uint8Array, encoding?: BufferEncoding, done?: (error?: Error | null) => void) => {
        if (String(chunk).includes(runId)) logged.push(String(chunk));
        return write(chunk, encoding, done);
      });
    await producer.send({
      topic: Topic.Declarations,
      messages: [
        ...declarations.map((d) => ({ key: d.declarationId, value: JSON.stringify(d) })),
        { key: `${runId}-MALFORMED`, value: '{"declarationId":' },
      ],
    });

    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const refused = await db.query<{ attempts: string }>(`SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS attempts FROM ${name}`);
    const attempts = Number(refused.rows[0]?.attempts);
    const stored = await db.query<{ count: string }>('SELECT count(*) FROM risk_decisions WHERE declaration_id LIKE $1', [`${runId}-%`]);
    expect(stored.rows[0]?.count).toBe('0');
    // Tried again, and paused between tries: with six partitions each resting 0.5, 1 and 2 s, at
    // most four tries each in 4 s. Without the pause the engine would retry hundreds of times.
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(attempts).toBeLessThanOrEqual(24);

    await db.query(`DROP TRIGGER ${name} ON risk_decisions`);
    const received = await decisions.waitFor(300, 60_000, 2_000);
    await decisions.stop();
    const decided = received.map((m) => (JSON.parse(m.value) as RiskDecision).declarationId);
    expect(decided).toHaveLength(300);
    expect(new Set(decided)).toEqual(new Set(declarations.map((d) => d.declarationId)));
    const rows = await db.query<{ total: string; distinct_declarations: string }>(
      `SELECT count(*) AS total, count(DISTINCT (declaration_id, declaration_version)) AS distinct_declarations
       FROM risk_decisions WHERE declaration_id LIKE $1`,
      [`${runId}-%`],
    );
    expect(rows.rows[0]).toEqual({ total: '300', distinct_declarations: '300' });
    // The malformed message rode in the refused batches: it is dead-lettered, and logged, once.
    const deadLetters = await db.query<{ count: string }>('SELECT count(*) FROM rejected_messages WHERE message_key = $1', [
      `${runId}-MALFORMED`,
    ]);
    expect(deadLetters.rows[0]?.count).toBe('1');
    stdout.mockRestore();
    const deadLettered = logged.flatMap((chunk) => chunk.split('\n')).filter((line) => line.includes('"Dead-lettered"'));
    expect(deadLettered).toHaveLength(1);
    expect(deadLettered[0]).toContain('MALFORMED_JSON');
  });
});
