import { Query } from '@nestjs/cqrs';

export interface ProfileIndicatorView {
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
