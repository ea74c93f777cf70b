import { Query } from '@nestjs/cqrs';
import type { HitRateEstimate, WeightProposal } from '@app/profiles';
import type { RuleReviewFlag } from '../rule-review.service';

export interface RulePerformance extends HitRateEstimate {
  ruleId: string;
  ruleVersion: number;
  description: string;
  rulesetVersion: string;
  currentWeight: number;
  minimumLane: string | null;
  /** Hit rate of all inspected decisions, and of the control sample: the reference a rule is measured against. */
  baseRate: { observed: number | null; control: number | null };
  review: { flagged: boolean; flag: RuleReviewFlag | null };
  recalibration: { mode: 'OFF' | 'PROPOSE' | 'AUTO'; proposal: WeightProposal | null };
}

export class GetRulePerformanceQuery extends Query<RulePerformance> {
  constructor(readonly ruleId: string) {
    super();
  }
}
