import { NotFoundException } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { proposeWeight } from '@app/profiles';
import { weightBoundsOf } from '@app/selectivity';
import { ActiveRuleset } from '../../selectivity/active-ruleset';
import { RulePerformanceReader } from '../rule-performance.reader';
import { RuleReviewService } from '../rule-review.service';
import { GetRulePerformanceQuery, type RulePerformance } from './get-rule-performance.query';

@QueryHandler(GetRulePerformanceQuery)
export class GetRulePerformanceHandler implements IQueryHandler<GetRulePerformanceQuery> {
  constructor(
    private readonly ruleset: ActiveRuleset,
    private readonly performance: RulePerformanceReader,
    private readonly review: RuleReviewService,
  ) {}

  async execute({ ruleId }: GetRulePerformanceQuery): Promise<RulePerformance> {
    const engine = this.ruleset.current;
    const rule = engine.ruleset.rules.find((candidate) => candidate.id === ruleId);
    if (!rule)
      throw new NotFoundException({
        statusCode: 404,
        code: 'RULE.NOT_FOUND',
        message: `No rule ${ruleId} in ruleset ${engine.rulesetVersion}`,
      });
    const [estimate, overall, flag] = await Promise.all([
      this.performance.forRule(rule.id),
      this.performance.overall(),
      this.review.flagOf(rule.id, rule.version),
    ]);
    const settings = this.review.settings;
    const baseRate = overall.controlInspections >= settings.recalibrationMinInspections ? overall.unbiasedHitRate : overall.hitRate;
    const proposal =
      settings.recalibration === 'OFF' || baseRate === null
        ? null
        : proposeWeight(rule.event.params.weight, weightBoundsOf(rule), estimate, baseRate, settings);
    return {
      ruleId: rule.id,
      ruleVersion: rule.version,
      description: rule.description,
      rulesetVersion: engine.rulesetVersion,
      currentWeight: rule.event.params.weight,
      minimumLane: rule.event.params.minimumLane ?? null,
      ...estimate,
      baseRate: { observed: overall.hitRate, control: overall.unbiasedHitRate },
      review: { flagged: flag !== null, flag },
      recalibration: { mode: settings.recalibration, proposal },
    };
  }
}
