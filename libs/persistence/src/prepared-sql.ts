import { createHash } from 'node:crypto';
import type { Pool, QueryConfig } from 'pg';
import type { DataSource } from 'typeorm';
import type { SqlRunner } from './history-repository';

/**
 * The statement as a named (prepared) query: PostgreSQL parses and plans it once per connection
 * instead of on every call. The name is a digest of the text, so one text always has one name and
 * two texts never share one. Only for SQL fixed in the code (values go in parameters), since each
 * distinct text stays prepared on every pooled connection.
 */
export function preparedQuery(text: string, values: unknown[]): QueryConfig<unknown[]> {
  let name = names.get(text);
  if (name === undefined) {
    name = `p_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return { name, text, values };
}

const names = new Map<string, string>();

/** A runner for a DataSource's pool that prepares every statement it runs (see `preparedQuery`). */
export function preparedSql(dataSource: DataSource): SqlRunner {
  // TypeORM's PostgreSQL driver keeps its pg Pool as `master`.
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  return {
    async query<T = unknown>(sql: string, parameters: unknown[] = []): Promise<T> {
      const result = await pool.query(preparedQuery(sql, parameters));
      return result.rows as T;
    },
  };
}
