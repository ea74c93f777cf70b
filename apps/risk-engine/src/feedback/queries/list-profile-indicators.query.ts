import { Query } from '@nestjs/cqrs';
import type { HitRateEstimate } from '@app/profiles';

export interface ProfileIndicatorView {
  /** As cited in decisions: reason.ruleId of PROFILE reasons. */
  indicatorId: string;
  dimension: string;
  key: string;
  description: string;
  inspections: number;
  hits: number;
  seizures: number;
  revenueRecovered: number;
  lastHitAt: string | null;
  /** Smoothed, decayed hit rate the engine scores with. */
  hitRate: number;
  /** Wilson 95% interval of the raw hit rate. */
  hitRateInterval: { low: number; high: number } | null;
  lift: number;
  /** Decisions in which this indicator raised the score, and what their inspections found, with the control-sample (unbiased) hit rate. */
  performance: HitRateEstimate;
}

export interface ProfileIndicatorPage {
  baseRate: number;
  total: number;
  indicators: ProfileIndicatorView[];
}

export const PROFILE_SORTS = ['risk', 'inspections', 'seizures', 'recent'] as const;
export type ProfileSort = (typeof PROFILE_SORTS)[number];

export class ListProfileIndicatorsQuery extends Query<ProfileIndicatorPage> {
  constructor(
    readonly dimension: string | undefined,
    readonly sort: ProfileSort,
    readonly minInspections: number,
    readonly limit: number,
  ) {
    super();
  }
}
