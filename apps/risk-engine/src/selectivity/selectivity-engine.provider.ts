import { Logger, type Provider } from '@nestjs/common';
import { resolve } from 'node:path';
import { ENGINE_CONFIG, type EngineConfig } from '@app/config';
import { JsonRulesEngineEvaluator, SelectivityEngine, loadRulesetFromDirectory } from '@app/selectivity';

/** Loads the ruleset from RULES_DIR at start; an invalid rule stops the engine with its reason. */
export const selectivityEngineProvider: Provider = {
  provide: SelectivityEngine,
  inject: [ENGINE_CONFIG],
  useFactory: (config: EngineConfig) => {
    const ruleset = loadRulesetFromDirectory(resolve(config.rules.directory));
    new Logger('Ruleset').log(
      `Loaded ruleset ${ruleset.settings.version} with ${ruleset.rules.length} rules from ${config.rules.directory}`,
    );
    return new SelectivityEngine(ruleset, new JsonRulesEngineEvaluator(ruleset));
  },
};
