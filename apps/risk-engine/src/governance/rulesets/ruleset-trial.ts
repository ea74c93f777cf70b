import { Injectable } from '@nestjs/common';
import type { Declaration, RiskDecision } from '@app/contracts';
import { CompiledRuleEvaluator, SelectivityEngine, type Ruleset } from '@app/selectivity';
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

/** Compiled engines kept for the versions tried last; a version's content never changes once created. */
const ENGINES_KEPT = 8;

/**
 * Lets a rule author try a version on one declaration of their own making, with the same history
 * context as a live assessment, before submitting it: which rules fire, the score and the lane,
 * next to what the active version says.
 */
@Injectable()
export class RulesetTrial {
  private readonly engines = new Map<string, SelectivityEngine>();

  constructor(
    private readonly context: RiskContextReader,
    private readonly active: ActiveRuleset,
  ) {}

  async run(versionKey: string, candidate: Ruleset, declaration: Declaration): Promise<RulesetTrialReport> {
    const candidateEngine = this.engineFor(versionKey, candidate);
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

  private engineFor(versionKey: string, ruleset: Ruleset): SelectivityEngine {
    let engine = this.engines.get(versionKey);
    if (engine) {
      this.engines.delete(versionKey);
    } else {
      engine = new SelectivityEngine(ruleset, new CompiledRuleEvaluator(ruleset));
      if (this.engines.size >= ENGINES_KEPT) this.engines.delete(this.engines.keys().next().value as string);
    }
    this.engines.set(versionKey, engine);
    return engine;
  }
}
