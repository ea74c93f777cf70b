export const LANES = ['GREEN', 'BLUE', 'YELLOW', 'RED'] as const;
/** GREEN release, BLUE post-release audit, YELLOW documentary check, RED physical inspection. */
export type Lane = (typeof LANES)[number];

export const REASON_SOURCES = ['RULE', 'PROFILE', 'CONTROL', 'OVERRIDE'] as const;
export type ReasonSource = (typeof REASON_SOURCES)[number];

export interface DecisionReason {
  source: ReasonSource;
  code: string;
  ruleId: string | null;
  ruleVersion: number | null;
  contribution: number;
  message: string;
}

/** The selectivity decision for one version of one declaration, contract v1. */
export interface RiskDecision {
  decisionId: string;
  declarationId: string;
  declarationVersion: number;
  lane: Lane;
  score: number;
  reasons: DecisionReason[];
  rulesetVersion: string;
  decidedAt: string;
}
