import { randomUUID } from 'node:crypto';
import { LANES, Topic, type DeadLetterRecord, type RiskDecision } from '@app/contracts';
import { sampleDeclarations } from '@app/testing';
import { runningEngine } from './support/engine-harness';
import { TopicProbe } from './support/kafka-probe';

describe('declaration to decision over the real broker and database', () => {
  const runId = `RUN${randomUUID().slice(0, 8).toUpperCase()}`;
  const running = runningEngine();

  it('decides each of 1,000 declarations exactly once and dead-letters a malformed message', async () => {
    const declarations = sampleDeclarations(1_000, { seed: 42, idPrefix: runId });
    const decisions = await new TopicProbe(Topic.RiskDecisions, (m) => m.key?.startsWith(runId) ?? false).start();
    const deadLetters = await new TopicProbe(Topic.DeclarationsDeadLetter, (m) => m.key?.startsWith(runId) ?? false).start();

    const messages = declarations.map((d) => ({ key: d.declarationId, value: JSON.stringify(d) }));
    messages.splice(500, 0, { key: `${runId}-BROKEN`, value: '{"declarationId": "' });
    for (let start = 0; start < messages.length; start += 250) {
      await running.producer.send({ topic: Topic.Declarations, messages: messages.slice(start, start + 250) });
    }

    const received = await decisions.waitFor(1_000, 90_000, 3_000);
    const dead = await deadLetters.waitFor(1, 30_000, 500);
    await decisions.stop();
    await deadLetters.stop();

    expect(received).toHaveLength(1_000);
    const decided = received.map((m) => JSON.parse(m.value) as RiskDecision);
    expect(new Set(decided.map((d) => d.declarationId))).toEqual(new Set(declarations.map((d) => d.declarationId)));
    for (const decision of decided) {
      expect(LANES).toContain(decision.lane);
      expect(decision.score).toBeGreaterThanOrEqual(0);
      expect(decision.score).toBeLessThanOrEqual(100);
      expect(decision.rulesetVersion).toBe('2026.11.1');
      expect(received.find((m) => m.key === decision.declarationId)).toBeDefined();
    }
    expect(decided.some((d) => d.lane !== 'GREEN')).toBe(true);

    const rows = await running.db.query<{ total: string; distinct_declarations: string }>(
      `SELECT count(*) AS total, count(DISTINCT (declaration_id, declaration_version)) AS distinct_declarations
       FROM risk_decisions WHERE declaration_id LIKE $1`,
      [`${runId}-%`],
    );
    expect(rows.rows[0]).toEqual({ total: '1000', distinct_declarations: '1000' });

    expect(dead).toHaveLength(1);
    const record = JSON.parse(dead[0]?.value ?? '{}') as DeadLetterRecord;
    expect(record.reason.code).toBe('MALFORMED_JSON');
    expect(record.reason.message).toContain('not valid JSON');
    expect(record.payload).toBe('{"declarationId": "');
    expect(record.source.topic).toBe(Topic.Declarations);
  });

  it('dead-letters a decided version sent again with other content as VERSION_CONFLICT, and ignores an identical redelivery', async () => {
    const [declaration] = sampleDeclarations(1, { seed: 7, idPrefix: `${runId}-C` });
    if (!declaration) throw new Error('no sample declaration');
    const decisions = await new TopicProbe(Topic.RiskDecisions, (m) => m.key === declaration.declarationId).start();
    const deadLetters = await new TopicProbe(Topic.DeclarationsDeadLetter, (m) => m.key === declaration.declarationId).start();
    const send = (value: string) =>
      running.producer.send({ topic: Topic.Declarations, messages: [{ key: declaration.declarationId, value }] });

    await send(JSON.stringify(declaration));
    const [decided] = await decisions.waitFor(1, 30_000, 0);
    const changed = JSON.stringify({ ...declaration, officeCode: declaration.officeCode === 'NLRTM01' ? 'BEANR01' : 'NLRTM01' });
    const [sent] = await send(changed);
    await send(JSON.stringify(declaration));

    const dead = await deadLetters.waitFor(1, 30_000, 3_000);
    await decisions.stop();
    await deadLetters.stop();

    expect(decisions.received).toHaveLength(1);
    expect(dead).toHaveLength(1);
    const record = JSON.parse(dead[0]?.value ?? '{}') as DeadLetterRecord;
    expect(record.reason.code).toBe('VERSION_CONFLICT');
    expect(record.reason.message).toContain(`decision ${decided?.headers['decision-id']}`);
    expect(record.payload).toBe(changed);
    expect(record.source).toMatchObject({ topic: Topic.Declarations, partition: sent?.partition, offset: sent?.baseOffset });
    const rows = await running.db.query<{ office_code: string }>('SELECT office_code FROM declarations WHERE declaration_id = $1', [
      declaration.declarationId,
    ]);
    expect(rows.rows).toEqual([{ office_code: declaration.officeCode }]);
  });
});
