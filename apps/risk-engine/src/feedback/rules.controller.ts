import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { INTELLIGENCE_READERS } from '@app/governance';
import { Roles } from '../governance/auth/roles.decorator';
import { ActiveRuleset } from '../selectivity/active-ruleset';
import { GetRulePerformanceQuery, type RulePerformance } from './queries/get-rule-performance.query';

interface RuleSummary {
  id: string;
  version: number;
  description: string;
  rationale: string;
  scope: string;
  weight: number;
  minimumLane: string | null;
  reasonCode: string;
}

@ApiTags('rules and performance')
@Roles(...INTELLIGENCE_READERS)
@Controller('v1/rules')
export class RulesController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly ruleset: ActiveRuleset,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The rules of the active ruleset. Roles: RISK_ANALYST, RISK_SUPERVISOR, AUDITOR' })
  list(): { rulesetVersion: string; rules: RuleSummary[] } {
    return {
      rulesetVersion: this.ruleset.current.rulesetVersion,
      rules: this.ruleset.current.ruleset.rules.map((rule) => ({
        id: rule.id,
        version: rule.version,
        description: rule.description,
        rationale: rule.rationale,
        scope: rule.scope,
        weight: rule.event.params.weight,
        minimumLane: rule.event.params.minimumLane ?? null,
        reasonCode: rule.event.params.reasonCode,
      })),
    };
  }

  @Get(':id/performance')
  @ApiOperation({
    summary: 'How a rule performs. Roles: RISK_ANALYST, RISK_SUPERVISOR, AUDITOR',
    description:
      'Selections, inspections, hits, seizures, revenue recovered, the hit rate with its 95% interval, the hit rate within the random control sample ' +
      '(free of selection bias), the review flag, and the weight the record supports.',
  })
  @ApiOkResponse({ description: 'The rule performance' })
  @ApiNotFoundResponse({ description: 'No such rule in the active ruleset' })
  performance(@Param('id') id: string): Promise<RulePerformance> {
    return this.queryBus.execute(new GetRulePerformanceQuery(id));
  }
}
