import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Declaration } from '@app/contracts';
import { HistoryRepository, preparedSql } from '@app/persistence';
import { EstablishedImporters, priorDeclarationsOf, type RiskContext } from '@app/selectivity';
import { RiskProfiles } from '../profiles/risk-profiles';

/**
 * What history says about a batch of declarations: importer track record and derived profiles.
 * Importers whose count has reached the ruleset's importer-history horizon are answered from
 * memory (`EstablishedImporters`, same decisions); the others take one indexed lookup per batch.
 */
@Injectable()
export class RiskContextReader {
  /** The lookup runs on every batch, so it is a prepared statement. */
  private readonly history: HistoryRepository;
  private readonly established = new EstablishedImporters();

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly profiles: RiskProfiles,
  ) {
    this.history = new HistoryRepository(preparedSql(dataSource));
  }

  /**
   * Contexts for scoring `declarations` with a ruleset whose importer-history horizon is
   * `horizon` (`SelectivityEngine.importerHistoryHorizon`); Infinity always reads history.
   */
  async contextsFor(declarations: Declaration[], at: Date, horizon = Infinity): Promise<RiskContext[]> {
    const known = declarations.map((declaration) =>
      declaration.importer?.id ? this.established.priorDeclarations(declaration.importer.id, declaration.version, horizon) : undefined,
    );
    const toRead = declarations.flatMap((declaration, index) =>
      declaration.importer?.id && known[index] === undefined ? [declaration.importer.id] : [],
    );
    const counts = await this.history.importerDeclarationCounts(toRead);
    for (const [importerId, count] of counts) this.established.observe(importerId, count);
    return declarations.map((declaration, index) => ({
      importerPriorDeclarations: declaration.importer?.id
        ? (known[index] ?? priorDeclarationsOf(counts.get(declaration.importer.id) ?? 0, declaration.version))
        : null,
      profile: this.profiles.assess(declaration, at),
    }));
  }
}
