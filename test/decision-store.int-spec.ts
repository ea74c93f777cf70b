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
});
