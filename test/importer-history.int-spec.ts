import { randomUUID } from 'node:crypto';
import { Pool, type PoolClient } from 'pg';
import { HistoryRepository } from '@app/persistence';
import { aDeclaration } from '@app/testing';

/**
 * Kafka partitions and HTTP batches store declarations concurrently, and their batches share
 * importers in any order. Each batch must count its importers without deadlocking the others.
 */
describe('importer history under concurrent batches', () => {
  const runId = `IMPH${randomUUID().slice(0, 8).toUpperCase()}`;
  const importers = Array.from({ length: 60 }, (_, index) => `${runId}-IMP-${String(index).padStart(3, '0')}`);
  let pool: Pool;

  beforeAll(() => {
    pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 16 });
  });

  afterAll(async () => {
    await pool.end();
  });

  /** The repository expects a runner that resolves to the rows, as TypeORM's does. */
  const rowsOf = (client: Pool | PoolClient) => ({
    query: async <T>(sql: string, parameters?: unknown[]) => (await client.query(sql, parameters)).rows as T,
  });

  async function inTransaction(work: (client: PoolClient) => Promise<void>): Promise<void> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await work(client);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  it('counts every first version once while 16 batches with the same importers in opposite orders commit at once', async () => {
    const batches = Array.from({ length: 16 }, (_, batch) => {
      const order = batch % 2 === 0 ? importers : [...importers].reverse();
      return order.map((importerId, line) =>
        aDeclaration({
          declarationId: `${runId}-B${batch}-L${line}`,
          importer: { id: importerId, name: 'Concurrent Importer', aeo: false },
        }),
      );
    });
    for (let round = 0; round < 5; round += 1) {
      const versioned = batches.map((batch) => batch.map((d) => ({ ...d, declarationId: `${d.declarationId}-R${round}` })));
      const outcomes = await Promise.allSettled(
        versioned.map((batch) => inTransaction((client) => new HistoryRepository(rowsOf(client)).saveDeclarations(batch))),
      );
      expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
    }
    const counts = await new HistoryRepository(rowsOf(pool)).importerDeclarationCounts(importers);
    expect([...counts.values()]).toEqual(importers.map(() => 16 * 5));
  });
});
