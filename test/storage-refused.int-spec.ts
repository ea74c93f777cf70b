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
  });

  /** From now on PostgreSQL refuses every statement that stores a decision of this run. */
  const refuse = () => db.query(`CREATE TRIGGER ${name} BEFORE INSERT ON risk_decisions FOR EACH ROW EXECUTE FUNCTION ${name}()`);
  const accept = () => db.query(`DROP TRIGGER ${name} ON risk_decisions`);
  /** Statements refused so far. */
  const refusals = async () =>
    Number((await db.query<{ n: string }>(`SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS n FROM ${name}`)).rows[0]?.n);
  /** The engine's log lines (stdout) that mention `text`, from now until the returned function is called. */
  const captureLog = (text: string): (() => string[]) => {
    const lines: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    const spy = jest
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk: string | Uint8Array, encoding?: BufferEncoding, done?: (error?: Error | null) => void) => {
        lines.push(
          ...String(chunk)
            .split('\n')
            .filter((line) => line.includes(text)),
        );
        return write(chunk, encoding, done);
      });
    return () => {
      spy.mockRestore();
      return lines;
    };
  };
  const deadLettersOf = async (key: string) =>
    (await db.query<{ count: string }>('SELECT count(*) FROM rejected_messages WHERE message_key = $1', [key])).rows[0]?.count;

  // A test that failed before reading its captured log leaves stdout as it found it.
  afterEach(() => jest.restoreAllMocks());

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
    const malformed = `${runId}-MALFORMED`;
    const logged = captureLog(malformed);
    await refuse();
    await producer.send({
      topic: Topic.Declarations,
      messages: [
        ...declarations.map((d) => ({ key: d.declarationId, value: JSON.stringify(d) })),
        { key: malformed, value: '{"declarationId":' },
      ],
    });

    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const attempts = await refusals();
    const stored = await db.query<{ count: string }>('SELECT count(*) FROM risk_decisions WHERE declaration_id LIKE $1', [`${runId}-%`]);
    expect(stored.rows[0]?.count).toBe('0');
    // Tried again, and paused between tries: with six partitions each resting 0.5, 1 and 2 s, at
    // most four tries each in 4 s. Without the pause the engine would retry hundreds of times.
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(attempts).toBeLessThanOrEqual(24);

    await accept();
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
    expect(await deadLettersOf(malformed)).toBe('1');
    const deadLettered = logged().filter((line) => line.includes('"Dead-lettered"'));
    expect(deadLettered).toHaveLength(1);
    expect(deadLettered[0]).toContain('MALFORMED_JSON');
  });

  it('logs a dead letter once when its batch was read from a backlog, refused and read again', async () => {
    const prefix = `${runId}-B`;
    const malformed = `${prefix}-MALFORMED`;
    const backlog = sampleDeclarations(2_000, { seed: 78, idPrefix: prefix });
    const decisions = await new TopicProbe(Topic.RiskDecisions, (m) => m.key?.startsWith(prefix) ?? false).start();
    const logged = captureLog(malformed);
    const before = await refusals();
    await refuse();
    // One partition, in sends of 200 (record batches of their own), the malformed message first:
    // about 1.7 MB in all, more than one fetch takes from a partition (1 MB). Once the first
    // refused batch's pause is over, its partition is read again from the start with more
    // waiting behind each fetch: a backlog.
    for (let i = 0; i < backlog.length; i += 200) {
      const messages = backlog.slice(i, i + 200).map((d) => ({ key: d.declarationId, value: JSON.stringify(d), partition: 0 }));
      if (i === 0) messages.unshift({ key: malformed, value: '{"declarationId":', partition: 0 });
      await producer.send({ topic: Topic.Declarations, messages });
    }

    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await refusals()).toBeGreaterThanOrEqual(before + 2);
    await accept();
    expect(await decisions.waitFor(2_000, 60_000, 2_000)).toHaveLength(2_000);
    await decisions.stop();
    expect(await deadLettersOf(malformed)).toBe('1');
    // Logged when it was stored, not each time its batch started to be assessed.
    const deadLettered = logged().filter((line) => line.includes('"Dead-lettered"'));
    expect(deadLettered).toHaveLength(1);
  });
});
