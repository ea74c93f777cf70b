import { Inject, Injectable, Logger } from '@nestjs/common';
import { resolve } from 'node:path';
import { ENGINE_CONFIG, type EngineConfig } from '@app/config';
import {
  JsonRulesEngineEvaluator,
  SelectivityEngine,
  loadRulesetFromDirectory,
  withCalibratedWeights,
  type Ruleset,
} from '@app/selectivity';

/**
 * The ruleset this instance scores with: the authored one from RULES_DIR, with feedback-calibrated
 * weights applied when recalibration is automatic. Swapping it never pauses scoring.
 */
@Injectable()
export class ActiveRuleset {
  private readonly logger = new Logger(ActiveRuleset.name);
  readonly authored: Ruleset;
  private engine: SelectivityEngine;

  constructor(@Inject(ENGINE_CONFIG) config: EngineConfig) {
    this.authored = loadRulesetFromDirectory(resolve(config.rules.directory));
    this.logger.log(
      `Loaded ruleset ${this.authored.settings.version} with ${this.authored.rules.length} rules from ${config.rules.directory}`,
    );
    this.engine = new SelectivityEngine(this.authored, new JsonRulesEngineEvaluator(this.authored));
  }

  get current(): SelectivityEngine {
    return this.engine;
  }

  applyCalibration(weights: ReadonlyMap<string, number>): void {
    const ruleset = withCalibratedWeights(this.authored, weights);
    if (ruleset.settings.version === this.engine.rulesetVersion) return;
    this.engine = new SelectivityEngine(ruleset, new JsonRulesEngineEvaluator(ruleset));
    this.logger.log(`Now scoring with ruleset ${ruleset.settings.version} (${weights.size} calibrated weights)`);
  }
}
