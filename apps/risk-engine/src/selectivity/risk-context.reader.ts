import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Declaration } from '@app/contracts';
import type { RiskContext } from '@app/selectivity';
import { RiskProfiles } from '../profiles/risk-profiles';

/** What history says about a batch of declarations: importer track record and derived profiles. */
@Injectable()
export class RiskContextReader {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly profiles: RiskProfiles,
  ) {}

  async contextsFor(declarations: Declaration[], at: Date): Promise<RiskContext[]> {
    const prior = await this.priorDeclarations(declarations);
    return declarations.map((declaration) => ({
      importerPriorDeclarations: declaration.importer?.id
        ? (prior.get(`${declaration.importer.id}\u0000${declaration.declarationId}`) ?? 0)
        : null,
      profile: this.profiles.assess(declaration, at),
    }));
  }

  /** Earlier declarations (distinct ids) of each declaration's importer, in one query. */
  private async priorDeclarations(declarations: Declaration[]): Promise<Map<string, number>> {
    const withImporter = declarations.filter((d) => d.importer?.id);
    if (withImporter.length === 0) return new Map();
    const rows = await this.dataSource.query<{ importer_id: string; declaration_id: string; prior: string }[]>(
      `SELECT q.importer_id, q.declaration_id,
              (SELECT count(DISTINCT d.declaration_id) FROM declarations d
                WHERE d.importer_id = q.importer_id AND d.declaration_id <> q.declaration_id) AS prior
       FROM unnest($1::text[], $2::text[]) AS q(importer_id, declaration_id)`,
      [withImporter.map((d) => d.importer?.id), withImporter.map((d) => d.declarationId)],
    );
    return new Map(rows.map((row) => [`${row.importer_id}\u0000${row.declaration_id}`, Number(row.prior)]));
  }
}
