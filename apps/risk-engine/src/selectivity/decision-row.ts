import type { RiskDecision } from '@app/contracts';

/** A `risk_decisions` row as pg returns it. */
export interface DecisionRow {
  decision_id: string;
  declaration_id: string;
  declaration_version: number;
  lane: RiskDecision['lane'];
  score: string;
  reasons: RiskDecision['reasons'];
  ruleset_version: string;
  decided_at: Date;
}

/** The decision as published on customs.risk-decisions.v1. */
export function toDecision(row: DecisionRow): RiskDecision {
  return {
    decisionId: row.decision_id,
    declarationId: row.declaration_id,
    declarationVersion: row.declaration_version,
    lane: row.lane,
    score: Number(row.score),
    reasons: row.reasons,
    rulesetVersion: row.ruleset_version,
    decidedAt: row.decided_at.toISOString(),
  };
}
