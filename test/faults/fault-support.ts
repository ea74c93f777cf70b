import type { Producer, Message } from 'kafkajs';
import { Client } from 'pg';
import { Topic, type Declaration, type RiskDecision } from '@app/contracts';
import { TopicProbe } from '../support/kafka-probe';
import { testDatabaseUrl } from '../support/test-environment';

export const FAULT_DECLARATIONS = 10_000;

export const asMessage = (declaration: Declaration): Message => ({ key: declaration.declarationId, value: JSON.stringify(declaration) });

/** Publishes in chunks so a test can act while the engine is mid-stream. */
export async function publish(producer: Producer, messages: Message[], chunk = 1_000): Promise<void> {
  for (let start = 0; start < messages.length; start += chunk) {
    await producer.send({ topic: Topic.Declarations, messages: messages.slice(start, start + chunk) });
  }
}

export async function storedDecisions(runId: string): Promise<{ rows: number; declarations: number }> {
  const db = new Client({ connectionString: testDatabaseUrl() });
  await db.connect();
  try {
    const result = await db.query<{ rows: string; declarations: string }>(
      'SELECT count(*) AS rows, count(DISTINCT declaration_id) AS declarations FROM risk_decisions WHERE declaration_id LIKE $1',
      [`${runId}-%`],
    );
    return { rows: Number(result.rows[0]?.rows), declarations: Number(result.rows[0]?.declarations) };
  } finally {
    await db.end();
  }
}

/** Starts reading customs.risk-decisions.v1 for the decisions of one run (keys start with the run id). */
export function decisionProbe(runId: string): Promise<TopicProbe> {
  return new TopicProbe(Topic.RiskDecisions, (m) => m.key?.startsWith(runId) ?? false).start();
}

/**
 * Waits until the probe has read a decision for each declaration, stops it, and checks that each
 * declaration has exactly one decision, on the topic and in PostgreSQL.
 */
export async function expectEachDecidedOnce(
  probe: TopicProbe,
  runId: string,
  declarations: Declaration[],
  timeoutMs?: number,
): Promise<void> {
  const perDeclaration = await decisionsOnTopic(probe, declarations.length, timeoutMs);
  await probe.stop();
  await expectExactlyOneDecisionEach(
    runId,
    declarations.map((d) => d.declarationId),
    perDeclaration,
  );
}

/** Decisions per declaration id, as read back from customs.risk-decisions.v1. */
async function decisionsOnTopic(probe: TopicProbe, expected: number, timeoutMs = 180_000): Promise<Map<string, number>> {
  const received = await probe.waitFor(expected, timeoutMs, 4_000);
  const perDeclaration = new Map<string, number>();
  for (const message of received) {
    const decision = JSON.parse(message.value) as RiskDecision;
    perDeclaration.set(decision.declarationId, (perDeclaration.get(decision.declarationId) ?? 0) + 1);
  }
  return perDeclaration;
}

/** No declaration without a decision and none with two: on the topic and in PostgreSQL. */
async function expectExactlyOneDecisionEach(runId: string, ids: string[], perDeclaration: Map<string, number>): Promise<void> {
  const missing = ids.filter((id) => !perDeclaration.has(id));
  const doubled = [...perDeclaration].filter(([, count]) => count !== 1);
  if (missing.length > 0 || doubled.length > 0) {
    throw new Error(
      `${missing.length} declarations without a decision (${missing.slice(0, 3).join(', ')}), ${doubled.length} with more than one`,
    );
  }
  expect(perDeclaration.size).toBe(ids.length);
  expect(await storedDecisions(runId)).toEqual({ rows: ids.length, declarations: ids.length });
}

export async function waitForDecisionsStored(runId: string, atLeast: number, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await storedDecisions(runId)).rows >= atLeast) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`fewer than ${atLeast} decisions stored within ${timeoutMs} ms`);
}
