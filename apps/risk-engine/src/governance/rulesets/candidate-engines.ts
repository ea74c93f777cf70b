import { Injectable } from '@nestjs/common';
import { CompiledRuleEvaluator, SelectivityEngine } from '@app/selectivity';
import { RulesetVersions } from './ruleset-versions';

/** Compiled engines kept for the versions simulated or tried last. */
const ENGINES_KEPT = 8;

/**
 * The engine of a stored ruleset version, for simulations and trials. A version's content never
 * changes once created, so the compiled engines of the versions used last are kept, least
 * recently used first out.
 */
@Injectable()
export class CandidateEngines {
  private readonly engines = new Map<string, SelectivityEngine>();

  constructor(private readonly versions: RulesetVersions) {}

  async forVersion(rulesetId: string, version: number): Promise<SelectivityEngine> {
    const key = `${rulesetId}:${version}`;
    let engine = this.engines.get(key);
    if (engine) {
      this.engines.delete(key);
    } else {
      const { content } = await this.versions.get(rulesetId, version);
      engine = new SelectivityEngine(content, new CompiledRuleEvaluator(content));
      if (this.engines.size >= ENGINES_KEPT) this.engines.delete(this.engines.keys().next().value as string);
    }
    this.engines.set(key, engine);
    return engine;
  }
}
