/**
 * npm run bench:engine — the rule evaluator alone, on one core: json-rules-engine's Engine.run
 * against the compiled evaluator, over the same 300-rule ruleset and the same declarations,
 * side by side in one run, checking that both find the same rules.
 */
import * as fc from 'fast-check';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { CompiledRuleEvaluator, JsonRulesEngineEvaluator, buildRuleset, loadRulesetFromDirectory } from '@app/selectivity';
import { declarationArbitrary, generateRules, sampleDeclarations } from '@app/testing';

const RULES = 300;
const DECLARATIONS = Number(process.env.BENCH_DECLARATIONS ?? 5_000);

async function main(): Promise<void> {
  const shipped = loadRulesetFromDirectory(resolve(__dirname, '../rules'));
  const ruleset = buildRuleset(shipped.settings, [
    { origin: 'shipped', rules: shipped.rules },
    { origin: 'generated', rules: generateRules(RULES - shipped.rules.length, 300) },
  ]);
  const declarations = [
    ...sampleDeclarations(DECLARATIONS / 2, { seed: 1, riskShare: 0.3 }),
    ...fc.sample(declarationArbitrary, { numRuns: DECLARATIONS / 2, seed: 2 }),
  ];
  const oracle = new JsonRulesEngineEvaluator(ruleset);
  const compiled = new CompiledRuleEvaluator(ruleset);
  const signature = (hits: { rule: { id: string }; lineNos: number[] }[]) =>
    hits
      .map((hit) => `${hit.rule.id}:${hit.lineNos.join(',')}`)
      .sort()
      .join(' ');

  // Warm-up, and the check that both evaluators agree on every declaration.
  let disagreements = 0;
  for (const declaration of declarations) {
    if (signature(await oracle.evaluate(declaration)) !== signature(compiled.evaluateSync(declaration))) disagreements += 1;
  }

  let started = process.hrtime.bigint();
  for (const declaration of declarations) await oracle.evaluate(declaration);
  const oracleSeconds = Number(process.hrtime.bigint() - started) / 1e9;

  const rounds = 20;
  started = process.hrtime.bigint();
  for (let round = 0; round < rounds; round += 1) for (const declaration of declarations) compiled.evaluateSync(declaration);
  const compiledSeconds = Number(process.hrtime.bigint() - started) / 1e9 / rounds;

  const oracleRate = declarations.length / oracleSeconds;
  const compiledRate = declarations.length / compiledSeconds;
  console.log(`Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; one core (single thread)`);
  console.log(
    `Ruleset: ${ruleset.rules.length} rules (${shipped.rules.length} shipped + ${ruleset.rules.length - shipped.rules.length} generated); ${declarations.length} declarations`,
  );
  console.log(
    `json-rules-engine Engine.run: ${oracleRate.toFixed(0).padStart(9)} declarations/s (${((1e6 * oracleSeconds) / declarations.length).toFixed(1)} us each)`,
  );
  console.log(
    `compiled evaluator:           ${compiledRate.toFixed(0).padStart(9)} declarations/s (${((1e6 * compiledSeconds) / declarations.length).toFixed(1)} us each)`,
  );
  console.log(
    `speed-up: ${(compiledRate / oracleRate).toFixed(0)}x; identical rule hits on ${declarations.length - disagreements} of ${declarations.length} declarations`,
  );
  if (disagreements > 0) process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
