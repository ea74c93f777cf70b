import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, MIGRATIONS } from '../libs/persistence/src/data-source-options';
import { newAttemptId } from '../apps/risk-engine/src/outbox/relay-attempt';
import { testDatabaseUrl } from './support/test-environment';

/**
 * Upgrading from outbox rows marked with their relay attempt to the attempts table keeps what a
 * relay taking over needs: which rows each unfinished attempt carried, and on which topics.
 */
describe('the outbox attempts migration', () => {
  const database = `risk_engine_migration_${process.pid}`;
  const server = new URL(testDatabaseUrl());
  server.pathname = '/postgres';
  const target = new URL(testDatabaseUrl());
  target.pathname = `/${database}`;
  let admin: Client;

  beforeAll(async () => {
    admin = new Client({ connectionString: server.toString() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${database}`);
  });

  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  const migrate = async (migrations: typeof MIGRATIONS, direction: 'up' | 'down' = 'up') => {
    const dataSource = new DataSource({ ...dataSourceOptions(target.toString()), migrations });
    await dataSource.initialize();
    try {
      if (direction === 'up') await dataSource.runMigrations();
      else await dataSource.undoLastMigration();
    } finally {
      await dataSource.destroy();
    }
  };

  it('turns marked rows into attempt rows, and back on revert', async () => {
    const before = MIGRATIONS.findIndex((migration) => migration.name === 'OutboxAttempts1764000000007');
    expect(before).toBeGreaterThan(0);
    await migrate(MIGRATIONS.slice(0, before));

    const db = new Client({ connectionString: target.toString() });
    await db.connect();
    try {
      const [first, second] = [newAttemptId(1_000), newAttemptId(2_000)];
      await db.query(
        `INSERT INTO outbox_messages (id, topic, message_key, payload, attempt) VALUES
           (1, 'customs.risk-decisions.v1', 'a', '{}', $1), (2, 'customs.dead-letter.v1', 'b', '{}', $1),
           (3, 'customs.risk-decisions.v1', 'c', '{}', $2), (4, 'customs.risk-decisions.v1', 'd', '{}', NULL)`,
        [first, second],
      );

      await migrate(MIGRATIONS);
      const attempts = await db.query<{ attempt: string; message_ids: string[]; topics: string[] }>(
        'SELECT attempt::text AS attempt, message_ids::text[] AS message_ids, topics FROM outbox_attempts ORDER BY message_ids[1]',
      );
      expect(attempts.rows).toEqual([
        { attempt: first, message_ids: ['1', '2'], topics: ['customs.dead-letter.v1', 'customs.risk-decisions.v1'] },
        { attempt: second, message_ids: ['3'], topics: ['customs.risk-decisions.v1'] },
      ]);
      const columns = await db.query<{ column_name: string }>(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'outbox_messages' AND column_name = 'attempt'",
      );
      expect(columns.rows).toHaveLength(0);
      expect((await db.query('SELECT id FROM outbox_messages')).rowCount).toBe(4);

      await migrate(MIGRATIONS, 'down');
      const marks = await db.query<{ id: string; attempt: string | null }>(
        'SELECT id::text AS id, attempt::text AS attempt FROM outbox_messages ORDER BY id',
      );
      expect(marks.rows).toEqual([
        { id: '1', attempt: first },
        { id: '2', attempt: first },
        { id: '3', attempt: second },
        { id: '4', attempt: null },
      ]);
    } finally {
      await db.end();
    }
  });
});
