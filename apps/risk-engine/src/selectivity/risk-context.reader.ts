import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Declaration } from '@app/contracts';
import { HistoryRepository, preparedSql } from '@app/persistence';
import type { RiskContext } from '@app/selectivity';
import { RiskProfiles } from '../profiles/risk-profiles';

/** What history says about a batch of declarations: importer track record (one indexed lookup) and derived profiles. */
@Injectable()
export class RiskContextReader {
  /** The lookup runs on every batch, so it is a prepared statement. */
  private readonly history: HistoryRepository;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly profiles: RiskProfiles,
  ) {
    this.history = new HistoryRepository(preparedSql(dataSource));
  }

  async contextsFor(declarations: Declaration[], at: Date): Promise<RiskContext[]> {
    const importers = declarations.flatMap((declaration) => (declaration.importer?.id ? [declaration.importer.id] : []));
    const counts = await this.history.importerDeclarationCounts(importers);
    return declarations.map((declaration) => ({
      // Earlier declarations of the importer: its count, less this declaration when an earlier version counted it.
      importerPriorDeclarations: declaration.importer?.id
        ? Math.max(0, (counts.get(declaration.importer.id) ?? 0) - (declaration.version > 1 ? 1 : 0))
        : null,
      profile: this.profiles.assess(declaration, at),
    }));
  }
}
