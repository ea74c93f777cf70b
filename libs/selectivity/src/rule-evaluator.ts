import { Engine, type PathResolver } from 'json-rules-engine';
import type { Declaration } from '@app/contracts';
import { NO_HISTORY, declarationFacts, itemFacts, type RiskContext } from './facts';
import { customsOperators } from './operators';
import { isInForce, type RuleDefinition, type Ruleset } from './ruleset';

/** A rule that fired, with the item lines it fired on (empty for declaration-scope rules). */
export interface RuleHit {
  rule: RuleDefinition;
  lineNos: number[];
}

/** Evaluates rules with the rule engine; the contract every evaluator honours. */
export interface RuleEvaluator {
  evaluate(declaration: Declaration, context?: RiskContext): Promise<RuleHit[]>;
}

/** Options of the json-rules-engine evaluator. */
export interface JsonRulesEngineOptions {
  /** json-rules-engine's `pathResolver` engine option; its default is JSONPath-Plus called without `new`. */
  pathResolver?: PathResolver;
}

function engineFor(ruleset: Ruleset, rules: RuleDefinition[], options: JsonRulesEngineOptions): Engine {
  const engine = new Engine([], { allowUndefinedFacts: true, pathResolver: options.pathResolver });
  for (const [name, operator] of Object.entries(customsOperators(ruleset.settings))) {
    engine.addOperator(name, operator);
  }
  for (const rule of rules) {
    engine.addRule({
      name: rule.id,
      priority: rule.priority ?? 1,
      conditions: rule.conditions,
      event: { type: rule.event.type, params: { ruleId: rule.id } },
    });
  }
  return engine;
}

/**
 * Evaluates a ruleset with json-rules-engine's `Engine.run`: declaration-scope rules once,
 * item-scope rules once per item. Runs are serialised, because one Engine shares its run
 * status across concurrent runs (json-rules-engine issue #303).
 */
export class JsonRulesEngineEvaluator implements RuleEvaluator {
  private readonly declarationEngine: Engine;
  private readonly itemEngine: Engine;
  private readonly rulesById: Map<string, RuleDefinition>;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(ruleset: Ruleset, options: JsonRulesEngineOptions = {}) {
    this.declarationEngine = engineFor(
      ruleset,
      ruleset.rules.filter((rule) => rule.scope === 'declaration'),
      options,
    );
    this.itemEngine = engineFor(
      ruleset,
      ruleset.rules.filter((rule) => rule.scope === 'item'),
      options,
    );
    this.rulesById = new Map(ruleset.rules.map((rule) => [rule.id, rule]));
  }

  evaluate(declaration: Declaration, context: RiskContext = NO_HISTORY): Promise<RuleHit[]> {
    const run = this.queue.then(() => this.run(declaration, context));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async run(declaration: Declaration, context: RiskContext): Promise<RuleHit[]> {
    const facts = declarationFacts(declaration, context);
    const hits = new Map<string, RuleHit>();
    const record = (ruleId: unknown, lineNo: number | null) => {
      const rule = this.rulesById.get(String(ruleId));
      if (!rule || !isInForce(rule, declaration.submittedAt)) return;
      const hit = hits.get(rule.id) ?? { rule, lineNos: [] };
      if (lineNo !== null) hit.lineNos.push(lineNo);
      hits.set(rule.id, hit);
    };
    const declarationResult = await this.declarationEngine.run({ declaration: facts });
    for (const event of declarationResult.events) record(event.params?.ruleId, null);
    for (const item of declaration.items) {
      const itemResult = await this.itemEngine.run({ declaration: facts, item: itemFacts(item) });
      for (const event of itemResult.events) record(event.params?.ruleId, item.lineNo);
    }
    return [...hits.values()];
  }
}
