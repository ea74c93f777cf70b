/** One decision in which a rule (or indicator) took part, with what its inspection found. */
export interface SelectionOutcome {
  /** Whether it was inspected (has an outcome). */
  inspected: boolean;
  hit: boolean;
  seizure: boolean;
  revenueRecovered: number;
  /** Whether it was in the random control sample (selected whatever its score). */
  control: boolean;
}

export interface Interval {
  low: number;
  high: number;
}

export interface HitRateEstimate {
  selections: number;
  inspections: number;
  hits: number;
  seizures: number;
  revenueRecovered: number;
  /** Hits over inspections: biased upward when inspection follows the score. */
  hitRate: number | null;
  hitRateInterval: Interval | null;
  controlInspections: number;
  controlHits: number;
  /** Hits over inspections within the random control sample only: free of selection bias. */
  unbiasedHitRate: number | null;
  unbiasedHitRateInterval: Interval | null;
}

/** Wilson score interval for a binomial proportion (95% by default). */
export function wilsonInterval(hits: number, trials: number, z = 1.96): Interval | null {
  if (trials === 0) return null;
  const p = hits / trials;
  const z2 = z * z;
  const centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const margin = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / (1 + z2 / trials);
  return { low: Math.max(0, centre - margin), high: Math.min(1, centre + margin) };
}

/**
 * Hit rate of a rule or indicator two ways: over every inspection (what officers saw), and over
 * the inspections of the random control sample only. Inspections follow the score, so the first
 * is biased toward the declarations the engine already found risky; the control sample was
 * inspected whatever its score, so its hit rate estimates the true rate without that bias.
 */
export function estimateHitRate(outcomes: SelectionOutcome[]): HitRateEstimate {
  let inspections = 0;
  let hits = 0;
  let seizures = 0;
  let revenueRecovered = 0;
  let controlInspections = 0;
  let controlHits = 0;
  for (const outcome of outcomes) {
    if (!outcome.inspected) continue;
    inspections += 1;
    if (outcome.hit) hits += 1;
    if (outcome.seizure) seizures += 1;
    revenueRecovered += outcome.revenueRecovered;
    if (outcome.control) {
      controlInspections += 1;
      if (outcome.hit) controlHits += 1;
    }
  }
  return {
    selections: outcomes.length,
    inspections,
    hits,
    seizures,
    revenueRecovered,
    hitRate: inspections > 0 ? hits / inspections : null,
    hitRateInterval: wilsonInterval(hits, inspections),
    controlInspections,
    controlHits,
    unbiasedHitRate: controlInspections > 0 ? controlHits / controlInspections : null,
    unbiasedHitRateInterval: wilsonInterval(controlHits, controlInspections),
  };
}
