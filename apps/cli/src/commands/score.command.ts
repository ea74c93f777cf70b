import { writeFileSync } from 'node:fs';
import { one, type Arguments } from '../arguments';
import { scoreOffline } from '../offline-scoring';
import { readScoringInputs } from './scoring-inputs';

/** `score`: one JSON line per input declaration with its score, lane and reasons. */
export async function scoreCommand(args: Arguments): Promise<void> {
  const out = one(args, 'out');
  const inputs = readScoringInputs(args);
  const { decisions } = await scoreOffline(inputs.history, inputs.declarations, inputs.ruleset, inputs.calibrate);
  const lines = decisions.map((d) => JSON.stringify({ declarationId: d.declarationId, score: d.score, lane: d.lane, reasons: d.reasons }));
  writeFileSync(out, lines.length > 0 ? `${lines.join('\n')}\n` : '');
  process.stdout.write(`Scored ${decisions.length} declarations against ${inputs.history.length} history records; wrote ${out}\n`);
}
