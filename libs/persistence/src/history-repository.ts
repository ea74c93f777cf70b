import type { Declaration, InspectionOutcome, SeizureRecord } from '@app/contracts';

/** Anything that runs a parameterised SQL query: a pg Client or Pool, or a TypeORM EntityManager. */
export interface SqlRunner {
  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T>;
}

/** Channel on which new history rows are announced (payload `outcome:<id>` or `seizure:<id>`). */
export const HISTORY_CHANNEL = 'history_recorded';
export const RELOAD_ANNOUNCEMENT = 'reload';

/** An inspection outcome joined with the declaration version it answers (null when unknown). */
export interface OutcomeWithDeclaration {
  outcome: InspectionOutcome;
  declaration: Declaration | null;
}

interface OutcomeRow {
  outcome_id: string;
  declaration_id: string;
  declaration_version: number | null;
  result: InspectionOutcome['result'];
  inspected_at: Date;
  revenue_recovered: string;
  details: string | null;
  payload: Declaration | null;
}

const OUTCOME_SELECT = `
  SELECT o.outcome_id, o.declaration_id, o.declaration_version, o.result, o.inspected_at, o.revenue_recovered, o.details,
         (SELECT d.payload FROM declarations d
           WHERE d.declaration_id = o.declaration_id AND (o.declaration_version IS NULL OR d.version = o.declaration_version)
           ORDER BY d.version DESC LIMIT 1) AS payload
  FROM inspection_outcomes o`;

function toOutcome(row: OutcomeRow): OutcomeWithDeclaration {
  return {
    outcome: {
      outcomeId: row.outcome_id,
      declarationId: row.declaration_id,
      declarationVersion: row.declaration_version ?? undefined,
      result: row.result,
      inspectedAt: row.inspected_at.toISOString(),
      revenueRecovered: Number(row.revenue_recovered),
      details: row.details ?? undefined,
    },
    declaration: row.payload,
  };
}

/** Reads and writes inspection outcomes and seizures; writes are idempotent by id and announced. */
export class HistoryRepository {
  constructor(private readonly sql: SqlRunner) {}

  /** Stores declarations (existing versions are kept) and counts each new first version in its importer's history. */
  async saveDeclarations(declarations: Declaration[]): Promise<void> {
    await this.countImporterDeclarations(await this.insertDeclarations(declarations));
  }

  /**
   * Stores declarations (existing versions are kept); returns, per importer, how many first
   * versions were new, for `countImporterDeclarations`.
   */
  private async insertDeclarations(declarations: Declaration[]): Promise<Map<string, number>> {
    if (declarations.length === 0) return new Map();
    const rows = await this.sql.query<{ importer_id: string; declarations: string }[]>(
      `WITH inserted AS (
         INSERT INTO declarations (declaration_id, version, submitted_at, type, office_code, importer_id, payload)
         SELECT * FROM unnest($1::text[], $2::int[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::jsonb[])
         ON CONFLICT DO NOTHING
         RETURNING importer_id, version)
       SELECT importer_id, count(*) AS declarations FROM inserted WHERE importer_id IS NOT NULL AND version = 1 GROUP BY importer_id`,
      [
        declarations.map((d) => d.declarationId),
        declarations.map((d) => d.version),
        declarations.map((d) => d.submittedAt),
        declarations.map((d) => d.type),
        declarations.map((d) => d.officeCode),
        declarations.map((d) => d.importer?.id ?? null),
        declarations.map((d) => JSON.stringify(d)),
      ],
    );
    return new Map(rows.map((row) => [row.importer_id, Number(row.declarations)]));
  }

  /**
   * Adds newly stored first versions to their importers' counts. The rows are locked in importer
   * order, so concurrent batches sharing importers (Kafka partitions and HTTP batches) queue
   * instead of deadlocking; call it last in a transaction, so the locks are held only until commit.
   */
  private async countImporterDeclarations(newFirstVersions: Map<string, number>): Promise<void> {
    if (newFirstVersions.size === 0) return;
    const importers = [...newFirstVersions.keys()].sort();
    await this.sql.query(
      `INSERT INTO importer_history (importer_id, declarations)
       SELECT * FROM unnest($1::text[], $2::bigint[]) ORDER BY 1
       ON CONFLICT (importer_id) DO UPDATE SET declarations = importer_history.declarations + EXCLUDED.declarations`,
      [importers, importers.map((id) => newFirstVersions.get(id) ?? 0)],
    );
  }

  /** Declarations (first versions) counted per importer so far. */
  async importerDeclarationCounts(importerIds: string[]): Promise<Map<string, number>> {
    if (importerIds.length === 0) return new Map();
    const rows = await this.sql.query<{ importer_id: string; declarations: string }[]>(
      'SELECT importer_id, declarations FROM importer_history WHERE importer_id = ANY($1::text[])',
      [[...new Set(importerIds)]],
    );
    return new Map(rows.map((row) => [row.importer_id, Number(row.declarations)]));
  }

  /** Stores outcomes not seen before; returns the ids that were new. */
  async saveOutcomes(outcomes: InspectionOutcome[], announce = true): Promise<string[]> {
    if (outcomes.length === 0) return [];
    const rows = await this.sql.query<{ outcome_id: string }[]>(
      `INSERT INTO inspection_outcomes (outcome_id, declaration_id, declaration_version, result, inspected_at, revenue_recovered, details, decision_id)
       SELECT o.*, (SELECT r.decision_id FROM risk_decisions r
                     WHERE r.declaration_id = o.declaration_id AND (o.declaration_version IS NULL OR r.declaration_version = o.declaration_version)
                     ORDER BY r.declaration_version DESC LIMIT 1)
       FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::timestamptz[], $6::numeric[], $7::text[])
         AS o(outcome_id, declaration_id, declaration_version, result, inspected_at, revenue_recovered, details)
       ON CONFLICT DO NOTHING
       RETURNING outcome_id`,
      [
        outcomes.map((o) => o.outcomeId),
        outcomes.map((o) => o.declarationId),
        outcomes.map((o) => o.declarationVersion ?? null),
        outcomes.map((o) => o.result),
        outcomes.map((o) => o.inspectedAt),
        outcomes.map((o) => o.revenueRecovered ?? 0),
        outcomes.map((o) => o.details ?? null),
      ],
    );
    const ids = rows.map((row) => row.outcome_id);
    if (announce) await this.announce(ids.map((id) => `outcome:${id}`));
    return ids;
  }

  /** Stores seizures not seen before; returns the ids that were new. */
  async saveSeizures(seizures: SeizureRecord[], announce = true): Promise<string[]> {
    if (seizures.length === 0) return [];
    const rows = await this.sql.query<{ seizure_id: string }[]>(
      `INSERT INTO seizures (seizure_id, seized_at, category, payload)
       SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::jsonb[])
       ON CONFLICT DO NOTHING
       RETURNING seizure_id`,
      [
        seizures.map((s) => s.seizureId),
        seizures.map((s) => s.seizedAt),
        seizures.map((s) => s.category),
        seizures.map((s) => JSON.stringify(s)),
      ],
    );
    const ids = rows.map((row) => row.seizure_id);
    if (announce) await this.announce(ids.map((id) => `seizure:${id}`));
    return ids;
  }

  /** Outcomes whose declaration the engine has not decided (kept, and reported here). */
  async unmatchedOutcomes(limit: number): Promise<{ outcomes: InspectionOutcome[]; total: number }> {
    const rows = await this.sql.query<(OutcomeRow & { total: string })[]>(
      `SELECT o.outcome_id, o.declaration_id, o.declaration_version, o.result, o.inspected_at, o.revenue_recovered, o.details,
              NULL::jsonb AS payload, count(*) OVER () AS total
       FROM inspection_outcomes o WHERE o.decision_id IS NULL ORDER BY o.received_at DESC LIMIT $1`,
      [limit],
    );
    return { outcomes: rows.map((row) => toOutcome(row).outcome), total: Number(rows[0]?.total ?? 0) };
  }

  async outcome(outcomeId: string): Promise<OutcomeWithDeclaration | null> {
    const rows = await this.sql.query<OutcomeRow[]>(`${OUTCOME_SELECT} WHERE o.outcome_id = $1`, [outcomeId]);
    return rows[0] ? toOutcome(rows[0]) : null;
  }

  async seizure(seizureId: string): Promise<SeizureRecord | null> {
    const rows = await this.sql.query<{ payload: SeizureRecord }[]>(`SELECT payload FROM seizures WHERE seizure_id = $1`, [seizureId]);
    return rows[0]?.payload ?? null;
  }

  /** Every outcome with its declaration, oldest first, in pages. */
  async *allOutcomes(pageSize = 5_000): AsyncGenerator<OutcomeWithDeclaration[]> {
    let after = '';
    for (;;) {
      const rows = await this.sql.query<OutcomeRow[]>(`${OUTCOME_SELECT} WHERE o.outcome_id > $1 ORDER BY o.outcome_id LIMIT $2`, [
        after,
        pageSize,
      ]);
      if (rows.length === 0) return;
      after = rows[rows.length - 1]!.outcome_id;
      yield rows.map(toOutcome);
    }
  }

  async allSeizures(): Promise<SeizureRecord[]> {
    const rows = await this.sql.query<{ payload: SeizureRecord }[]>(`SELECT payload FROM seizures ORDER BY seized_at`);
    return rows.map((row) => row.payload);
  }

  /** Tells every engine to rebuild its profiles from the tables (after a bulk import). */
  async announceReload(): Promise<void> {
    await this.announce([RELOAD_ANNOUNCEMENT]);
  }

  private async announce(payloads: string[]): Promise<void> {
    if (payloads.length === 0) return;
    await this.sql.query(`SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p`, [HISTORY_CHANNEL, payloads]);
  }
}
