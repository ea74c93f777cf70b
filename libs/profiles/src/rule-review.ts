import type { HitRateEstimate } from './hit-rate-estimate';

/** Risk managers' settings for reviewing and recalibrating rules (ruleset.json `feedback`). */
export interface FeedbackSettings {
  /** A rule whose hit rate stays below this floor ... */
  reviewHitRateFloor: number;
  /** ... over at least this many inspections is flagged for review. */
  reviewMinInspections: number;
  /** PROPOSE: weights are proposed in the API; AUTO: applied as a calibrated ruleset version; OFF. */
  recalibration: 'OFF' | 'PROPOSE' | 'AUTO';
  /** Inspections needed before a weight is recalibrated. */
  recalibrationMinInspections: number;
  /** Largest change of a weight, in points, in one recalibration. */
  maxWeightChange: number;
}

export const DEFAULT_FEEDBACK_SETTINGS: FeedbackSettings = {
  reviewHitRateFloor: 0.05,
  reviewMinInspections: 30,
  recalibration: 'PROPOSE',
  recalibrationMinInspections: 50,
  maxWeightChange: 15,
};

/** The hit rate to judge a rule by: the control sample's when it is large enough, else the observed one. */
export function judgedHitRate(
  estimate: HitRateEstimate,
  minInspections: number,
): { rate: number; inspections: number; basis: 'CONTROL' | 'OBSERVED' } | null {
  if (estimate.unbiasedHitRate !== null && estimate.controlInspections >= minInspections) {
    return { rate: estimate.unbiasedHitRate, inspections: estimate.controlInspections, basis: 'CONTROL' };
  }
  if (estimate.hitRate !== null && estimate.inspections >= minInspections) {
    return { rate: estimate.hitRate, inspections: estimate.inspections, basis: 'OBSERVED' };
  }
  return null;
}

export interface ReviewFinding {
  flagged: boolean;
  reason: string | null;
}

/** Whether a rule's record calls for review by a risk manager. */
export function reviewRule(estimate: HitRateEstimate, settings: FeedbackSettings): ReviewFinding {
  const judged = judgedHitRate(estimate, settings.reviewMinInspections);
  if (!judged || judged.rate >= settings.reviewHitRateFloor) return { flagged: false, reason: null };
  return {
    flagged: true,
    reason: `Hit rate ${(judged.rate * 100).toFixed(1)}% over ${judged.inspections} ${judged.basis === 'CONTROL' ? 'control-sample ' : ''}inspections is below the floor of ${(settings.reviewHitRateFloor * 100).toFixed(1)}%`,
  };
}

export interface WeightProposal {
  currentWeight: number;
  proposedWeight: number;
  basis: 'CONTROL' | 'OBSERVED';
  hitRate: number;
  baseRate: number;
  bounds: { min: number; max: number };
}

/**
 * The weight a rule's record supports: the excess risk it marks, 100 * (r - p0) / (1 - p0), as
 * for the derived profiles, moved at most `maxWeightChange` points and kept within the bounds
 * risk managers set for the rule.
 */
export function proposeWeight(
  currentWeight: number,
  bounds: { min: number; max: number },
  estimate: HitRateEstimate,
  baseRate: number,
  settings: FeedbackSettings,
): WeightProposal | null {
  const judged = judgedHitRate(estimate, settings.recalibrationMinInspections);
  if (!judged || baseRate >= 1) return null;
  const supported = Math.max(0, (100 * (judged.rate - baseRate)) / (1 - baseRate));
  const stepped = Math.min(currentWeight + settings.maxWeightChange, Math.max(currentWeight - settings.maxWeightChange, supported));
  const proposedWeight = Math.round(Math.min(bounds.max, Math.max(bounds.min, stepped)) * 100) / 100;
  return { currentWeight, proposedWeight, basis: judged.basis, hitRate: judged.rate, baseRate, bounds };
}
