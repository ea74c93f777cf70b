import { DataSource } from 'typeorm';
import { dataSourceOptions, preparedQuery, preparedSql } from '@app/persistence';

/** Hot statements run as named statements: PostgreSQL parses and plans each once per pooled connection. */
describe('prepared statements on the engine pool', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await new DataSource({ ...dataSourceOptions(process.env.DATABASE_URL ?? ''), extra: { max: 1 } }).initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
  });

  it('runs a statement under its digest name, prepared once and reused on the connection', async () => {
    const sql = preparedSql(dataSource);
    const text = 'SELECT $1::int + 1 AS next, $2::text[] AS tags';
    const { name } = preparedQuery(text, []);

    expect(await sql.query(text, [1, ['a', 'b']])).toEqual([{ next: 2, tags: ['a', 'b'] }]);
    expect(await sql.query(text, [41, []])).toEqual([{ next: 42, tags: [] }]);

    const prepared = await dataSource.query<{ name: string; statement: string }[]>(
      'SELECT name, statement FROM pg_prepared_statements WHERE name = $1',
      [name],
    );
    expect(prepared).toEqual([{ name, statement: text }]);
  });

  it('gives one text one name and two texts two names', () => {
    const one = preparedQuery('SELECT 1', []).name;
    expect(preparedQuery('SELECT 1', [7]).name).toBe(one);
    expect(preparedQuery('SELECT 2', []).name).not.toBe(one);
    expect(one).toMatch(/^p_[0-9a-f]{24}$/);
  });
});
