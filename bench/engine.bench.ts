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

  // Interleaved: each block of declarations goes through json-rules-engine once, then through the
  // compiled evaluator ROUNDS times, so both meet the same spells of a noisy machine (timed one
  // after the other, a minute apart, the ratio on the 2-core VM ranged from 89x to 145x).
  const ROUNDS = 20;
  const BLOCK = 100;
  let oracleNs = 0n;
  let compiledNs = 0n;
  const blockRatios: number[] = [];
  for (let offset = 0; offset < declarations.length; offset += BLOCK) {
    const block = declarations.slice(offset, offset + BLOCK);
    let started = process.hrtime.bigint();
    for (const declaration of block) await oracle.evaluate(declaration);
    const oracleBlock = process.hrtime.bigint() - started;
    started = process.hrtime.bigint();
    for (let round = 0; round < ROUNDS; round += 1) for (const declaration of block) compiled.evaluateSync(declaration);
    const compiledBlock = process.hrtime.bigint() - started;
    oracleNs += oracleBlock;
    compiledNs += compiledBlock;
    blockRatios.push((Number(oracleBlock) * ROUNDS) / Number(compiledBlock));
  }
  const oracleSeconds = Number(oracleNs) / 1e9;
  const compiledSeconds = Number(compiledNs) / 1e9 / ROUNDS;
  blockRatios.sort((a, b) => a - b);
  const blockRatio = (p: number) => (blockRatios[Math.min(blockRatios.length - 1, Math.floor(p * blockRatios.length))] ?? NaN).toFixed(0);

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
    `speed-up: ${(compiledRate / oracleRate).toFixed(0)}x (blocks of ${BLOCK}, interleaved: p10 ${blockRatio(0.1)}x, median ${blockRatio(0.5)}x, p90 ${blockRatio(0.9)}x); ` +
      `identical rule hits on ${declarations.length - disagreements} of ${declarations.length} declarations`,
  );
  if (disagreements > 0) process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
