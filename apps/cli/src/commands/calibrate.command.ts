import { writeFileSync } from 'node:fs';
import { calibrate } from '@app/profiles';
import { many, one, type Arguments } from '../arguments';
import { readHistory } from '../history/history-files';
import { historyEvents } from '../offline-scoring';
import { ProgressBar } from '../progress-bar';
import { formatOf, rulesetOf } from './scoring-inputs';

/** `calibrate`: fits the profile weights on history and writes them as a `profiles.json` for review. */
export function calibrateCommand(args: Arguments): void {
  const out = one(args, 'out');
  const history = readHistory(formatOf(args), many(args, 'history'));
  const ruleset = rulesetOf(args);
  const progress = new ProgressBar('calibrating weights');
  const result = calibrate(historyEvents(history.records), ruleset.profiles, { onProgress: (done, total) => progress.update(done, total) });
  writeFileSync(out, `${JSON.stringify(result.settings, null, 2)}\n`);
  process.stdout.write(
    `Fitted ${Object.keys(result.settings.weights).length} weights on ${result.trainingRows} rows (log-loss ${result.logLoss.toFixed(4)}); wrote ${out}\n`,
  );
}
