import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Declaration, RiskDecision } from '@app/contracts';
import { dataSourceOptions } from '@app/persistence';
import { decisionIdFor } from '@app/selectivity';
import { aDeclaration } from '@app/testing';
import { DecisionStore } from '../apps/risk-engine/src/selectivity/decision-store';

/**
 * Kafka partitions and HTTP batches record decisions concurrently. Their batches always share
 * importers and may share declarations (a redelivery racing an HTTP call), in any order. Each
 * declaration version must be decided, queued and counted once, and no batch may deadlock another.
 */
describe('decision store under concurrent batches', () => {
  const runId = `DSTORE${randomUUID().slice(0, 8).toUpperCase()}`;
  const importers = Array.from({ length: 60 }, (_, index) => `${runId}-IMP-${String(index).padStart(3, '0')}`);
  const rounds = 5;
  const sets = 8;
  let dataSource: DataSource;
  let store: DecisionStore;

  beforeAll(async () => {
    const url = process.env.DATABASE_URL ?? '';
    dataSource = await new DataSource({ ...dataSourceOptions(url), extra: { max: 16 } }).initialize();
    store = new DecisionStore(dataSource);
  });

  afterAll(async () => {
    // Not for the relay of a later suite's engine to publish.
    await dataSource?.query('DELETE FROM outbox_messages WHERE message_key LIKE $1', [`${runId}-%`]);
    await dataSource?.destroy();
  });

  const decide = (declaration: Declaration): RiskDecision => ({
    decisionId: decisionIdFor(declaration.declarationId, declaration.version),
    declarationId: declaration.declarationId,
    declarationVersion: declaration.version,
    lane: 'GREEN',
    score: 0,
    reasons: [],
    rulesetVersion: 'concurrency-test',
    decidedAt: new Date().toISOString(),
  });

  it('decides, queues and counts each declaration once while 16 batches, in pairs with the same declarations, commit at once in opposite orders', async () => {
    for (let round = 0; round < rounds; round += 1) {
      const declarationSets = Array.from({ length: sets }, (_, set) =>
        importers.map((importerId, line) =>
          aDeclaration({
            declarationId: `${runId}-R${round}-S${set}-L${line}`,
            importer: { id: importerId, name: 'Concurrent Importer', aeo: false },
          }),
        ),
      );
      const batches = Array.from({ length: sets * 2 }, (_, batch) => {
        const declarations = declarationSets[Math.floor(batch / 2)] ?? [];
        return batch % 2 === 0 ? declarations : [...declarations].reverse();
      });
      const outcomes = await Promise.allSettled(batches.map((batch) => store.record(batch, batch.map(decide), [], 'KAFKA')));
      expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
      const fresh = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? outcome.value.fresh : []));
      // Of each pair, exactly one batch stored each declaration; both got the same stored decision back.
      expect(fresh).toHaveLength(sets * importers.length);
      expect(new Set(fresh.map((decision) => decision.declarationId)).size).toBe(sets * importers.length);
    }

    const total = rounds * sets * importers.length;
    const [stored] = await dataSource.query<{ decisions: string; declarations: string }[]>(
      `SELECT (SELECT count(*) FROM risk_decisions WHERE declaration_id LIKE $1) AS decisions,
              (SELECT count(*) FROM declarations WHERE declaration_id LIKE $1) AS declarations`,
      [`${runId}-R%`],
    );
    expect(stored).toEqual({ decisions: String(total), declarations: String(total) });
    const queued = await dataSource.query<{ message_key: string }[]>(
      'SELECT message_key FROM outbox_messages WHERE message_key LIKE $1 AND topic = $2',
      [`${runId}-R%`, 'customs.risk-decisions.v1'],
    );
    expect(new Set(queued.map((row) => row.message_key)).size).toBe(total);
    expect(queued).toHaveLength(total);
    const counts = await dataSource.query<{ declarations: string }[]>(
      'SELECT declarations FROM importer_history WHERE importer_id = ANY($1::text[]) ORDER BY importer_id',
      [importers],
    );
    expect(counts.map((row) => Number(row.declarations))).toEqual(importers.map(() => rounds * sets));
  });
  it('reports a version stored before with other content as a conflict, and the same content in another key order as none', async () => {
    const original = aDeclaration({
      declarationId: `${runId}-CONFLICT`,
      importer: { id: `${runId}-IMP-CONFLICT`, name: 'Conflict Importer', aeo: false },
    });
    const reordered = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(original).reverse()))) as Declaration;
    const changed: Declaration = { ...original, items: original.items.map((item) => ({ ...item, hsCode: '930320' })) };
    const first = await store.record([original], [decide(original)], [], 'KAFKA');
    expect(first.fresh).toHaveLength(1);
    expect(first.conflicts).toEqual([]);

    // A redelivery, an identical copy with its keys in another order, and another content of the same version.
    const again = await store.record([original, reordered, changed], [original, reordered, changed].map(decide), [], 'HTTP');
    expect(again.fresh).toEqual([]);
    expect(again.conflicts).toEqual([2]);
    expect(again.decisions.map((decision) => decision.decisionId)).toEqual([0, 1, 2].map(() => first.decisions[0]?.decisionId));

    // Within one batch: the first of two contents is stored, the second conflicts with it.
    const newcomer = aDeclaration({ declarationId: `${runId}-CONFLICT-IN-BATCH` });
    const amendedInPlace: Declaration = { ...newcomer, officeCode: 'NLRTM01' };
    const together = await store.record([newcomer, amendedInPlace], [newcomer, amendedInPlace].map(decide), [], 'KAFKA');
    expect(together.fresh.map((decision) => decision.declarationId)).toEqual([newcomer.declarationId]);
    expect(together.conflicts).toEqual([1]);
    const [stored] = await dataSource.query<{ office_code: string }[]>('SELECT office_code FROM declarations WHERE declaration_id = $1', [
      newcomer.declarationId,
    ]);
    expect(stored?.office_code).toBe(newcomer.officeCode);
  });

  it('stores the columns of the declaration and decision as given and queues the decision message text unchanged', async () => {
    const declaration = aDeclaration({
      declarationId: `${runId}-COLUMNS`,
      submittedAt: '2026-11-25T08:15:30.250Z',
      officeCode: 'KRICN01',
      importer: { id: `${runId}-IMP-COLUMNS`, name: 'Columns Importer', aeo: true },
    });
    const decision: RiskDecision = {
      ...decide(declaration),
      lane: 'YELLOW',
      score: 42.5,
      reasons: [
        { source: 'RULE', code: 'R-7', ruleId: 'R-7', ruleVersion: 3, contribution: 42.5, message: 'Said "quoted" \\ and ünïcode' },
      ],
    };
    await store.record([declaration], [decision], [], 'HTTP', ['corr-columns']);

    const [stored] = await dataSource.query<Record<string, unknown>[]>(
      `SELECT d.submitted_at, d.type, d.office_code, d.importer_id, d.payload, r.lane, r.score::text AS score, r.reasons,
              r.ruleset_version, r.decided_at, r.channel
         FROM declarations d JOIN risk_decisions r ON r.declaration_id = d.declaration_id AND r.declaration_version = d.version
        WHERE d.declaration_id = $1`,
      [declaration.declarationId],
    );
    expect(stored).toEqual({
      submitted_at: new Date(declaration.submittedAt),
      type: declaration.type,
      office_code: 'KRICN01',
      importer_id: `${runId}-IMP-COLUMNS`,
      payload: JSON.parse(JSON.stringify(declaration)),
      lane: 'YELLOW',
      score: '42.50',
      reasons: decision.reasons,
      ruleset_version: 'concurrency-test',
      decided_at: new Date(decision.decidedAt),
      channel: 'HTTP',
    });
    const queued = await dataSource.query<{ payload: string; headers: Record<string, string> }[]>(
      'SELECT payload, headers FROM outbox_messages WHERE message_key = $1',
      [declaration.declarationId],
    );
    expect(queued).toEqual([
      {
        payload: JSON.stringify(decision),
        headers: { 'decision-id': decision.decisionId, 'ruleset-version': 'concurrency-test', 'x-correlation-id': 'corr-columns' },
      },
    ]);
  });
});
