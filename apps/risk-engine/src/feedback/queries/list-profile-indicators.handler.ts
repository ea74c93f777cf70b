import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { indicatorId, wilsonInterval, type HitRateEstimate, type Indicator } from '@app/profiles';
import { RulePerformanceReader } from '../rule-performance.reader';
import { RiskProfiles } from '../../profiles/risk-profiles';
import { ListProfileIndicatorsQuery, type ProfileIndicatorPage, type ProfileSort } from './list-profile-indicators.query';

const ORDER: Record<ProfileSort, (a: Indicator, b: Indicator) => number> = {
  risk: (a, b) => b.lift - a.lift,
  inspections: (a, b) => b.inspections - a.inspections,
  seizures: (a, b) => b.seizures - a.seizures || b.lift - a.lift,
  recent: (a, b) => (b.lastHitAt ?? '').localeCompare(a.lastHitAt ?? ''),
};

@QueryHandler(ListProfileIndicatorsQuery)
export class ListProfileIndicatorsHandler implements IQueryHandler<ListProfileIndicatorsQuery> {
  constructor(
    private readonly profiles: RiskProfiles,
    private readonly performance: RulePerformanceReader,
  ) {}

  async execute(query: ListProfileIndicatorsQuery): Promise<ProfileIndicatorPage> {
    const now = new Date();
    const matching = [...this.profiles.indicators(now, query.dimension)].filter(
      (indicator) => indicator.inspections >= query.minInspections,
    );
    matching.sort(ORDER[query.sort]);
    const page = matching.slice(0, query.limit);
    const performances = await Promise.all(
      page.map((indicator) => this.performance.forRule(indicatorId(indicator.dimension.name, indicator.key))),
    );
    return {
      baseRate: this.profiles.baseRate(now),
      total: matching.length,
      indicators: page.map((indicator, index) => ({
        indicatorId: indicatorId(indicator.dimension.name, indicator.key),
        dimension: indicator.dimension.name,
        key: indicator.key,
        description: indicator.dimension.describe(indicator.key),
        inspections: indicator.inspections,
        hits: indicator.hits,
        seizures: indicator.seizures,
        revenueRecovered: indicator.revenueRecovered,
        lastHitAt: indicator.lastHitAt,
        hitRate: indicator.hitRate,
        hitRateInterval: wilsonInterval(indicator.hits, indicator.inspections),
        lift: indicator.lift,
        performance: performances[index] as HitRateEstimate,
      })),
    };
  }
}
