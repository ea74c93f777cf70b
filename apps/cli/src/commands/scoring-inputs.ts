import { resolve } from 'node:path';
import { loadRulesetFromDirectory, type Ruleset } from '@app/selectivity';
import { flag, many, one, UsageError, type Arguments } from '../arguments';
import { HISTORY_FORMATS, readDeclarations, readHistory, type HistoryFormat } from '../history/history-files';
import type { HistoryRecord, RejectedRecord } from '../history/history-record';
import type { Declaration } from '@app/contracts';

export interface ScoringInputs {
  format: HistoryFormat;
  historyFiles: string[];
  inputFile: string;
  history: HistoryRecord[];
  declarations: Declaration[];
  ruleset: Ruleset;
  calibrate: boolean;
}

export function formatOf(args: Arguments): HistoryFormat {
  const format = one(args, 'format');
  if (!(HISTORY_FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format must be one of ${HISTORY_FORMATS.join(', ')}`);
  return format as HistoryFormat;
}

export function rulesetOf(args: Arguments): Ruleset {
  const directory = args.options.get('rules')?.[0] ?? process.env.RULES_DIR ?? 'rules';
  return loadRulesetFromDirectory(resolve(directory));
}

function report(rejected: RejectedRecord[], what: string): void {
  if (rejected.length === 0) return;
  process.stderr.write(`${rejected.length} ${what} could not be read and were skipped, e.g.:\n`);
  for (const entry of rejected.slice(0, 5)) process.stderr.write(`  ${entry.location}: ${entry.reason}\n`);
}

/** Reads the arguments shared by `score` and `backtest`. */
export function readScoringInputs(args: Arguments): ScoringInputs {
  const format = formatOf(args);
  const historyFiles = many(args, 'history');
  const inputFile = one(args, 'input');
  const history = readHistory(format, historyFiles);
  report(history.rejected, 'history records');
  const declarations = readDeclarations(format, inputFile);
  report(declarations.rejected, 'input declarations');
  return {
    format,
    historyFiles,
    inputFile,
    history: history.records,
    declarations: declarations.records,
    ruleset: rulesetOf(args),
    calibrate: !flag(args, 'no-calibrate'),
  };
}
