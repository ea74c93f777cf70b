import { LANES, isHit } from '@app/contracts';
import { selectionAtK } from '@app/profiles';
import type { Arguments } from '../arguments';
import { readOutcomes } from '../history/history-files';
import { scoreOffline } from '../offline-scoring';
import { readScoringInputs } from './scoring-inputs';

const pct = (value: number) => value.toFixed(3);

/**
 * `backtest`: scores the input exactly as `score` does (the input's outcomes are not read until
 * every declaration is scored), then measures the selection against what inspections found.
 */
export async function backtestCommand(args: Arguments): Promise<void> {
  const inputs = readScoringInputs(args);
  const started = Date.now();
  const { decisions, profiles, trainingRows } = await scoreOffline(inputs.history, inputs.declarations, inputs.ruleset, inputs.calibrate);
  const seconds = (Date.now() - started) / 1000;

  const outcomes = readOutcomes(inputs.format, inputs.inputFile);
  const scored = decisions.flatMap((decision) => {
    const result = outcomes.get(decision.declarationId);
    return result ? [{ score: decision.score, hit: isHit(result), seizure: result === 'SEIZURE', lane: decision.lane }] : [];
  });
  const hits = scored.filter((s) => s.hit).length;
  const randomPrecision = scored.length > 0 ? hits / scored.length : 0;

  const out: string[] = [];
  out.push(`History: ${inputs.history.length} records from ${inputs.historyFiles.join(', ')}`);
  out.push(
    `Input:   ${scored.length} declarations with outcomes from ${inputs.inputFile}; ${hits} hits (random selection precision ${pct(randomPrecision)})`,
  );
  out.push(
    `Scored in ${seconds.toFixed(1)} s (${Math.round(decisions.length / Math.max(seconds, 0.001))} declarations/s), ruleset ${inputs.ruleset.settings.version}`,
  );
  if (inputs.calibrate) out.push(`Profile weights fitted on the history (${trainingRows} rows, earliest 10% as warm-up)`);
  out.push('');
  out.push('| selected | declarations | hits | precision | recall | lift over random |');
  out.push('|---|---|---|---|---|---|');
  for (const row of selectionAtK(scored)) {
    out.push(`| top ${row.k}% | ${row.selected} | ${row.hits} | ${pct(row.precision)} | ${pct(row.recall)} | ${row.lift.toFixed(2)}x |`);
  }
  out.push('');
  out.push('| lane | declarations | hits | hit rate |');
  out.push('|---|---|---|---|');
  for (const lane of LANES) {
    const inLane = scored.filter((s) => s.lane === lane);
    const laneHits = inLane.filter((s) => s.hit).length;
    out.push(`| ${lane} | ${inLane.length} | ${laneHits} | ${inLane.length > 0 ? pct(laneHits / inLane.length) : '-'} |`);
  }
  out.push('');
  const weights = Object.entries(profiles.weights).sort((a, b) => b[1] - a[1]);
  out.push(`Profile weights (log-odds per unit of lift): ${weights.map(([name, weight]) => `${name} ${weight}`).join(', ')}`);
  process.stdout.write(`${out.join('\n')}\n`);
}
