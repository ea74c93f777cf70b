import * as fc from 'fast-check';
import { resolve } from 'node:path';
import {
  CompiledRuleEvaluator,
  JsonRulesEngineEvaluator,
  NO_HISTORY,
  SelectivityEngine,
  buildRuleset,
  loadRulesetFromDirectory,
  type RiskContext,
  type Ruleset,
} from '@app/selectivity';
import { declarationArbitrary } from './declaration.arbitrary';
import { reusedJsonPathResolver } from './json-path-resolver';
import { generateRules, type GeneratedRule } from './rule.generator';
import { sampleDeclarations } from './sample-declarations';

/** Generated rules used by the differential test: every operator, nested conditions, both scopes. */
export const DIFFERENTIAL_RULES: GeneratedRule[] = generateRules(50, 20261124);

/** The shipped ruleset plus the generated rules, with a 5% control sample. */
export function differentialRuleset(): Ruleset {
  const shipped = loadRulesetFromDirectory(resolve(__dirname, '../../../rules'));
  return buildRuleset({ ...shipped.settings, controlSampleRate: 0.05 }, [
    { origin: 'shipped', rules: shipped.rules },
    { origin: 'generated', rules: DIFFERENTIAL_RULES },
  ]);
}

export interface DifferentialOutcome {
  compared: number;
  withReasons: number;
  mismatches: string[];
}

/**
 * Scores `count` generated declarations (seeded) with json-rules-engine as the oracle and with the
 * compiled evaluator, through the same SelectivityEngine, and lists any decision that differs.
 */
export async function runDifferential(count: number, seed: number): Promise<DifferentialOutcome> {
  const ruleset = differentialRuleset();
  const oracle = new SelectivityEngine(ruleset, new JsonRulesEngineEvaluator(ruleset, { pathResolver: reusedJsonPathResolver() }));
  const compiled = new SelectivityEngine(ruleset, new CompiledRuleEvaluator(ruleset));
  const realistic = Math.floor(count / 5);
  const declarations = [
    ...fc.sample(declarationArbitrary, { numRuns: count - realistic, seed }),
    ...sampleDeclarations(realistic, { seed: seed + 1, riskShare: 0.5, idPrefix: `DIFF${seed}` }),
  ];
  const decidedAt = new Date('2026-11-24T08:00:00Z');
  const outcome: DifferentialOutcome = { compared: 0, withReasons: 0, mismatches: [] };
  for (const [index, declaration] of declarations.entries()) {
    const context: RiskContext = { ...NO_HISTORY, importerPriorDeclarations: index % 4 === 0 ? 0 : index % 4 === 1 ? null : index % 7 };
    const expected = await oracle.assess(declaration, decidedAt, context);
    const actual = await compiled.assess(declaration, decidedAt, context);
    outcome.compared += 1;
    if (expected.reasons.length > 0) outcome.withReasons += 1;
    if (JSON.stringify(actual) !== JSON.stringify(expected) && outcome.mismatches.length < 5) {
      outcome.mismatches.push(`${JSON.stringify(declaration)}\n expected ${JSON.stringify(expected)}\n actual   ${JSON.stringify(actual)}`);
    }
  }
  return outcome;
}
