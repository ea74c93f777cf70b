import { Query } from '@nestjs/cqrs';
import type { InspectionResult, RiskDecision } from '@app/contracts';

/** An inspection outcome reported for a decision. */
export interface ReportedInspection {
  outcomeId: string;
  result: InspectionResult;
  inspectedAt: string;
  revenueRecovered: number;
}

/** A stored decision, as published, with how it was asked for and what inspecting it found. */
export interface StoredDecision extends RiskDecision {
  channel: 'KAFKA' | 'HTTP';
  inspections: ReportedInspection[];
}

/** Every decision of a declaration, one per version, oldest version first. */
export interface DeclarationDecisions {
  declarationId: string;
  decisions: StoredDecision[];
}

/** The decisions stored for a declaration; `version` narrows them to one version. */
export class GetDeclarationDecisionsQuery extends Query<DeclarationDecisions> {
  constructor(
    readonly declarationId: string,
    readonly version: number | undefined,
  ) {
    super();
  }
}
