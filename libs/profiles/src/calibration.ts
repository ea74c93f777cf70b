import type { Declaration, InspectionResult } from '@app/contracts';
import { isHit } from '@app/contracts';
import { PROFILE_DIMENSIONS } from './dimensions';
import { ProfileBook } from './profile-book';
import type { ProfileSettings } from './profile-settings';

/** One inspection outcome with the declaration it answers. */
export interface HistoryEvent {
  declaration: Declaration;
  result: InspectionResult;
  at: Date;
  revenueRecovered?: number;
}

export interface CalibrationOptions {
  /** Share of the oldest history used only to build profiles, not to fit weights. */
  warmupShare?: number;
  iterations?: number;
  learningRate?: number;
  l2?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface CalibrationResult {
  settings: ProfileSettings;
  trainingRows: number;
  logLoss: number;
}

const logit = (p: number) => Math.log(p / (1 - p));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-Math.max(-30, Math.min(30, z))));
const dayOf = (at: Date) => at.toISOString().slice(0, 10);

/**
 * Fits the dimension weights on history without looking ahead: events are replayed day by day,
 * each day's declarations are described by the indicators built from the days before, and a
 * logistic regression (non-negative weights, L2) learns how much each dimension's lift predicts a
 * hit. The result is readable: one weight per dimension.
 */
export function calibrate(events: HistoryEvent[], base: ProfileSettings, options: CalibrationOptions = {}): CalibrationResult {
  const { warmupShare = 0.1, iterations = 300, learningRate = 0.05, l2 = 1e-4 } = options;
  const sorted = [...events].sort((a, b) => a.at.getTime() - b.at.getTime());
  const book = new ProfileBook({ halfLifeDays: base.halfLifeDays, priorStrength: base.priorStrength });
  const names = PROFILE_DIMENSIONS.map((dimension) => dimension.name);
  const index = new Map(names.map((name, i) => [name, i]));
  const rows: { x: Float64Array; baseLogit: number; y: number }[] = [];
  const warmup = Math.floor(sorted.length * warmupShare);

  let start = 0;
  while (start < sorted.length) {
    const day = dayOf(sorted[start]!.at);
    let end = start;
    while (end < sorted.length && dayOf(sorted[end]!.at) === day) end += 1;
    if (start >= warmup) {
      for (let i = start; i < end; i += 1) {
        const event = sorted[i]!;
        const baseRate = book.baseRate(event.at);
        for (const indicators of book.indicatorsOfItems(event.declaration, event.at, baseRate)) {
          const x = new Float64Array(names.length);
          for (const indicator of indicators) {
            x[index.get(indicator.dimension.name)!] = indicator.lift;
          }
          rows.push({ x, baseLogit: logit(baseRate), y: isHit(event.result) ? 1 : 0 });
        }
      }
    }
    for (let i = start; i < end; i += 1) {
      const event = sorted[i]!;
      book.record(event.declaration, event.result, event.at, event.revenueRecovered ?? 0);
    }
    options.onProgress?.(end, sorted.length);
    start = end;
  }
  if (rows.length === 0) return { settings: base, trainingRows: 0, logLoss: Number.NaN };

  // Adam on the mean log-loss; weights projected onto >= 0 so each reads as "more lift, more risk".
  const size = names.length + 1;
  const theta = new Float64Array(size);
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  const gradient = new Float64Array(size);
  let loss = 0;
  for (let step = 1; step <= iterations; step += 1) {
    gradient.fill(0);
    loss = 0;
    for (const row of rows) {
      let z = row.baseLogit + theta[0]!;
      for (let k = 0; k < names.length; k += 1) z += theta[k + 1]! * row.x[k]!;
      const p = sigmoid(z);
      loss -= row.y === 1 ? Math.log(Math.max(p, 1e-12)) : Math.log(Math.max(1 - p, 1e-12));
      const error = p - row.y;
      gradient[0]! += error;
      for (let k = 0; k < names.length; k += 1) gradient[k + 1]! += error * row.x[k]!;
    }
    for (let k = 0; k < size; k += 1) {
      const g = gradient[k]! / rows.length + (k > 0 ? l2 * theta[k]! : 0);
      m[k] = 0.9 * m[k]! + 0.1 * g;
      v[k] = 0.999 * v[k]! + 0.001 * g * g;
      const mHat = m[k]! / (1 - Math.pow(0.9, step));
      const vHat = v[k]! / (1 - Math.pow(0.999, step));
      theta[k] = theta[k]! - (learningRate * mHat) / (Math.sqrt(vHat) + 1e-8);
      if (k > 0 && theta[k]! < 0) theta[k] = 0;
    }
  }
  const weights: Record<string, number> = {};
  names.forEach((name, k) => {
    const weight = Math.round(theta[k + 1]! * 1000) / 1000;
    if (weight > 0) weights[name] = weight;
  });
  return {
    settings: { ...base, weights, offset: Math.round(theta[0]! * 1000) / 1000 },
    trainingRows: rows.length,
    logLoss: loss / rows.length,
  };
}
