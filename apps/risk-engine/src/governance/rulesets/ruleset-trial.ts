import { Injectable } from '@nestjs/common';
import type { Declaration, RiskDecision } from '@app/contracts';
import type { SelectivityEngine } from '@app/selectivity';
import { RiskContextReader } from '../../selectivity/risk-context.reader';
import { ActiveRuleset } from '../../selectivity/active-ruleset';

/** One declaration assessed by a candidate version and by the active one. Nothing is stored or published. */
export interface RulesetTrialReport {
  candidate: RiskDecision;
  active: RiskDecision;
  /** Reason codes the candidate gives and the active version does not, and the other way round. */
  reasonsAdded: string[];
  reasonsRemoved: string[];
}

/**
 * Lets a rule author try a version on one declaration of their own making, with the same history
 * context as a live assessment, before submitting it: which rules fire, the score and the lane,
 * next to what the active version says.
 */
@Injectable()
export class RulesetTrial {
  constructor(
    private readonly context: RiskContextReader,
    private readonly active: ActiveRuleset,
  ) {}

  async run(candidateEngine: SelectivityEngine, declaration: Declaration): Promise<RulesetTrialReport> {
    const activeEngine = this.active.current;
    const at = new Date();
    const [context] = await this.context.contextsFor([declaration], at);
    const [withCandidate, withActive] = [
      await candidateEngine.assess(declaration, at, context),
      await activeEngine.assess(declaration, at, context),
    ];
    const codes = (decision: RiskDecision) => new Set(decision.reasons.map((reason) => reason.code));
    const [candidateCodes, activeCodes] = [codes(withCandidate), codes(withActive)];
    return {
      candidate: withCandidate,
      active: withActive,
      reasonsAdded: [...candidateCodes].filter((code) => !activeCodes.has(code)),
      reasonsRemoved: [...activeCodes].filter((code) => !candidateCodes.has(code)),
    };
  }
}
