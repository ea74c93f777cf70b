import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Topic, type RiskDecision } from '@app/contracts';
import { sampleDeclarations } from '@app/testing';
import { EngineProcess } from './support/engine-process';
import { TopicProbe, connectedProducer } from './support/kafka-probe';
import { testDatabaseUrl } from './support/test-environment';

const COUNT = 600;

/**
 * Kills the engine (SIGKILL) at the two points where a naive design would lose or duplicate a
 * decision, restarts it, and checks that every declaration has exactly one decision on the topic.
 */
describe('exactly-once decisions across crashes', () => {
  let producer: Producer;
  let db: Client;
  const engines: EngineProcess[] = [];

  beforeAll(async () => {
    producer = await connectedProducer();
    db = new Client({ connectionString: testDatabaseUrl() });
    await db.connect();
  });

  afterAll(async () => {
    await Promise.all(engines.map((engine) => engine.stop('SIGKILL')));
    await producer?.disconnect();
    await db?.end();
  });

  async function crashThenRecover(point: string, env: Record<string, string> = {}): Promise<void> {
    const runId = `CRASH${randomUUID().slice(0, 8).toUpperCase()}`;
    const declarations = sampleDeclarations(COUNT, { seed: 99, idPrefix: runId });
    const probe = await new TopicProbe(Topic.RiskDecisions, (m) => m.key?.startsWith(runId) ?? false).start();
    await producer.send({
      topic: Topic.Declarations,
      messages: declarations.map((d) => ({ key: d.declarationId, value: JSON.stringify(d) })),
    });

    const crashing = new EngineProcess(`crash-${point}`, { ...env, FAULT_INJECTION_POINT: point }).start();
    engines.push(crashing);
    expect(await crashing.waitForExit(60_000)).toBe(-1);
    const stored = await db.query<{ count: string }>('SELECT count(*) FROM risk_decisions WHERE declaration_id LIKE $1', [`${runId}-%`]);
    expect(Number(stored.rows[0]?.count)).toBeGreaterThan(0);

    const recovering = new EngineProcess(`recover-${point}`, env).start();
    engines.push(recovering);
    await recovering.waitUntilReady();
    const received = await probe.waitFor(COUNT, 90_000, 4_000);
    await probe.stop();
    // SIGTERM: the engine stops consuming and the relay drains the outbox, down to the rows of its
    // last transaction, which only a further cycle deletes.
    await recovering.stop();
    const left = await db.query<{ count: string }>('SELECT count(*) FROM outbox_messages');
    expect(left.rows[0]?.count).toBe('0');
    const unfinished = await db.query<{ count: string }>('SELECT count(*) FROM outbox_attempts');
    expect(unfinished.rows[0]?.count).toBe('0');

    const perDeclaration = new Map<string, number>();
    for (const message of received) {
      const decision = JSON.parse(message.value) as RiskDecision;
      perDeclaration.set(decision.declarationId, (perDeclaration.get(decision.declarationId) ?? 0) + 1);
    }
    expect(perDeclaration.size).toBe(COUNT);
    expect([...perDeclaration.values()].every((count) => count === 1)).toBe(true);
    expect(received).toHaveLength(COUNT);
    const rows = await db.query<{ count: string }>('SELECT count(*) FROM risk_decisions WHERE declaration_id LIKE $1', [`${runId}-%`]);
    expect(rows.rows[0]?.count).toBe(String(COUNT));
  }

  it('loses nothing and duplicates nothing when killed between the database commit and the publish', async () => {
    await crashThenRecover('after-decisions-commit');
  });

  it('publishes nothing twice when killed after the Kafka commit but before the outbox cleanup', async () => {
    await crashThenRecover('after-outbox-publish');
  });

  it('the same with the relay on a worker thread of its own (the built engine’s relay-worker.js)', async () => {
    await crashThenRecover('after-outbox-publish', { OUTBOX_RELAY_THREAD: 'worker' });
  });
});
