import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { estimateHitRate, type HitRateEstimate, type SelectionOutcome } from '@app/profiles';

interface SelectionRow {
  control: boolean;
  result: 'NO_FINDING' | 'IRREGULARITY' | 'SEIZURE' | null;
  revenue_recovered: string | null;
}

function toOutcomes(rows: SelectionRow[]): SelectionOutcome[] {
  return rows.map((row) => ({
    inspected: row.result !== null,
    hit: row.result === 'IRREGULARITY' || row.result === 'SEIZURE',
    seizure: row.result === 'SEIZURE',
    revenueRecovered: Number(row.revenue_recovered ?? 0),
    control: row.control,
  }));
}

const SELECTIONS = `
  SELECT (d.reasons @> '[{"source": "CONTROL"}]'::jsonb) AS control, o.result, o.revenue_recovered
  FROM risk_decisions d
  LEFT JOIN LATERAL (SELECT result, revenue_recovered FROM inspection_outcomes io
                      WHERE io.decision_id = d.decision_id ORDER BY io.inspected_at DESC LIMIT 1) o ON true`;

/** Selections, inspections and hits behind a rule, an indicator code, or all decisions. */
@Injectable()
export class RulePerformanceReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Decisions citing a rule (or, with an indicator id as ruleId, a PROFILE indicator). */
  async forRule(ruleId: string, ruleVersion?: number, manager?: EntityManager): Promise<HitRateEstimate> {
    const filter = JSON.stringify([ruleVersion === undefined ? { ruleId } : { ruleId, ruleVersion }]);
    const rows = await (manager ?? this.dataSource).query<SelectionRow[]>(`${SELECTIONS} WHERE d.reasons @> $1::jsonb`, [filter]);
    return estimateHitRate(toOutcomes(rows));
  }

  /** Every decision: its control sample gives the base rate without selection bias. */
  async overall(manager?: EntityManager): Promise<HitRateEstimate> {
    const rows = await (manager ?? this.dataSource).query<SelectionRow[]>(
      `${SELECTIONS} WHERE o.result IS NOT NULL OR d.reasons @> '[{"source": "CONTROL"}]'::jsonb`,
    );
    return estimateHitRate(toOutcomes(rows));
  }

  /** Rule ids cited by the decisions that the given outcomes answer. */
  async rulesAnsweredBy(outcomeIds: string[], manager?: EntityManager): Promise<{ ruleId: string; ruleVersion: number }[]> {
    if (outcomeIds.length === 0) return [];
    return (manager ?? this.dataSource).query<{ ruleId: string; ruleVersion: number }[]>(
      `SELECT DISTINCT r->>'ruleId' AS "ruleId", (r->>'ruleVersion')::int AS "ruleVersion"
       FROM inspection_outcomes o JOIN risk_decisions d ON d.decision_id = o.decision_id
       CROSS JOIN LATERAL jsonb_array_elements(d.reasons) r
       WHERE o.outcome_id = ANY($1::text[]) AND r->>'source' = 'RULE'`,
      [outcomeIds],
    );
  }
}
