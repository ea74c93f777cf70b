import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

export interface AuditEntry {
  id: string;
  occurredAt: string;
  actor: string;
  action: string;
  entity: string;
  before: unknown;
  after: unknown;
}

/** The append-only record of who changed, approved or activated what, with before and after. */
@Injectable()
export class AuditLog {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(manager: EntityManager, entry: Omit<AuditEntry, 'id' | 'occurredAt'>): Promise<void> {
    await manager.query('INSERT INTO audit_log (actor, action, entity, before, after) VALUES ($1, $2, $3, $4, $5)', [
      entry.actor,
      entry.action,
      entry.entity,
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
    ]);
  }

  async read(entity: string | undefined, limit: number): Promise<AuditEntry[]> {
    const rows = await this.dataSource.query<
      { id: string; occurred_at: Date; actor: string; action: string; entity: string; before: unknown; after: unknown }[]
    >(
      `SELECT a.id::text AS id, a.occurred_at, a.actor, a.action, a.entity, a.before, a.after FROM audit_log a
       WHERE ($1::text IS NULL OR a.entity LIKE $1 || '%') ORDER BY a.id DESC LIMIT $2`,
      [entity ?? null, limit],
    );
    return rows.map((row) => ({
      id: row.id,
      occurredAt: row.occurred_at.toISOString(),
      actor: row.actor,
      action: row.action,
      entity: row.entity,
      before: row.before,
      after: row.after,
    }));
  }
}
