import type { Declaration, DecisionReason, Lane, RiskDecision } from '@app/contracts';
import { isControlSelected } from './control-sample';
import { decisionIdFor } from './decision-id';
import { NO_HISTORY, type RiskContext } from './facts';
import { higherLane, laneForScore, thresholdsFor } from './lanes';
import type { RuleEvaluator, RuleHit } from './rule-evaluator';
import { importerHistoryHorizon } from './importer-history-horizon';
import type { Ruleset } from './ruleset';
import { combineContributions, roundScore } from './score';

function ruleReason(hit: RuleHit): DecisionReason {
  const { rule, lineNos } = hit;
  const lines = lineNos.length > 0 ? ` (item${lineNos.length > 1 ? 's' : ''} ${lineNos.join(', ')})` : '';
  return {
    source: 'RULE',
    code: rule.event.params.reasonCode,
    ruleId: rule.id,
    ruleVersion: rule.version,
    contribution: rule.event.params.weight,
    message: `${rule.event.params.message}${lines}`,
  };
}

/**
 * Turns rule hits into a selectivity decision: score, lane, and the reasons behind both.
 * Pure apart from the evaluator; the same declaration and ruleset always give the same decision.
 */
export class SelectivityEngine {
  /** From how many earlier declarations on an importer's exact count no longer matters to this ruleset. */
  readonly importerHistoryHorizon: number;

  constructor(
    readonly ruleset: Ruleset,
    private readonly evaluator: RuleEvaluator,
  ) {
    this.importerHistoryHorizon = importerHistoryHorizon(ruleset);
  }

  get rulesetVersion(): string {
    return this.ruleset.settings.version;
  }

  async assess(declaration: Declaration, decidedAt: Date, context: RiskContext = NO_HISTORY): Promise<RiskDecision> {
    const hits = await this.evaluator.evaluate(declaration, context);
    return this.decide(declaration, hits, decidedAt, context);
  }

  decide(declaration: Declaration, hits: RuleHit[], decidedAt: Date, context: RiskContext = NO_HISTORY): RiskDecision {
    const { settings } = this.ruleset;
    const reasons = hits.map(ruleReason);
    reasons.sort((a, b) => b.contribution - a.contribution || (a.ruleId ?? '').localeCompare(b.ruleId ?? ''));
    const contributions = reasons.map((reason) => reason.contribution);
    if (context.profile && context.profile.contribution > 0) {
      // The derived profiles count as one independent contribution, explained by their indicators.
      contributions.push(context.profile.contribution);
      reasons.push(...context.profile.reasons);
    }
    let score = combineContributions(contributions);

    if (declaration.importer?.aeo === true && settings.aeoFacilitation > 0 && score > 0) {
      const relief = Math.min(score, settings.aeoFacilitation);
      score = roundScore(score - relief);
      reasons.push({
        source: 'OVERRIDE',
        code: 'AEO.FACILITATION',
        ruleId: null,
        ruleVersion: null,
        contribution: -relief,
        message: `Importer ${declaration.importer?.id ?? ''} is an Authorised Economic Operator: score lowered by ${relief}`,
      });
    }

    let lane: Lane = laneForScore(score, thresholdsFor(settings, declaration.type, declaration.officeCode));
    for (const hit of hits) {
      const minimum = hit.rule.event.params.minimumLane;
      if (minimum) lane = higherLane(lane, minimum);
    }
    if (isControlSelected(declaration.declarationId, settings.controlSampleRate)) {
      lane = higherLane(lane, settings.controlLane);
      reasons.push({
        source: 'CONTROL',
        code: 'CONTROL.RANDOM_SAMPLE',
        ruleId: null,
        ruleVersion: null,
        contribution: 0,
        message: `Selected at random for the control sample (${settings.controlSampleRate * 100}% of declarations)`,
      });
    }

    return {
      decisionId: decisionIdFor(declaration.declarationId, declaration.version),
      declarationId: declaration.declarationId,
      declarationVersion: declaration.version,
      lane,
      score,
      reasons,
      rulesetVersion: settings.version,
      decidedAt: decidedAt.toISOString(),
    };
  }
}
