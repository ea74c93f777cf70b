import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Declaration } from '@app/contracts';
import { NO_HISTORY, type RiskContext } from '@app/selectivity';

/** Reads what history says about the parties of a batch of declarations, in one query. */
@Injectable()
export class TraderHistoryReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async contextsFor(declarations: Declaration[]): Promise<RiskContext[]> {
    const withImporter = declarations.filter((d) => d.importer?.id);
    if (withImporter.length === 0) return declarations.map(() => NO_HISTORY);
    const rows = await this.dataSource.query<{ importer_id: string; declaration_id: string; prior: string }[]>(
      `SELECT q.importer_id, q.declaration_id,
              (SELECT count(DISTINCT d.declaration_id) FROM declarations d
                WHERE d.importer_id = q.importer_id AND d.declaration_id <> q.declaration_id) AS prior
       FROM unnest($1::text[], $2::text[]) AS q(importer_id, declaration_id)`,
      [withImporter.map((d) => d.importer?.id), withImporter.map((d) => d.declarationId)],
    );
    const prior = new Map(rows.map((row) => [`${row.importer_id}\u0000${row.declaration_id}`, Number(row.prior)]));
    return declarations.map((d) =>
      d.importer?.id
        ? { importerPriorDeclarations: prior.get(`${d.importer.id}\u0000${d.declarationId}`) ?? 0, profile: null }
        : NO_HISTORY,
    );
  }
}
