import 'reflect-metadata';
import { parseArguments, UsageError } from './arguments';
import { backtestCommand } from './commands/backtest.command';
import { calibrateCommand } from './commands/calibrate.command';
import { importHistoryCommand } from './commands/import-history.command';
import { replayCommand } from './commands/replay.command';
import { exportRulesetCommand, importRulesetCommand } from './commands/ruleset-folder.command';
import { scoreCommand } from './commands/score.command';

const USAGE = `Customs risk engine operator CLI

  npm run cli -- import-history --format kcs|jsonl|seizures-csv <file>...   (into DATABASE_URL; running engines rebuild their profiles)
  npm run cli -- score     --format kcs|jsonl --history <file> [--history <file>...] --input <file> --out <file>
  npm run cli -- backtest  --format kcs|jsonl --history <file> [--history <file>...] --input <file>
  npm run cli -- replay    --format kcs|jsonl --history <file> [--history <file>...] --input <file> --inspection-rate <percent> --control-rate <percent>
  npm run cli -- calibrate --format kcs|jsonl --history <file> [--history <file>...] --out <profiles.json>

  npm run cli -- import-ruleset --ruleset <id> --from <folder>                  (a new DRAFT version, via the API)
  npm run cli -- export-ruleset --ruleset <id> --version <n> --out <folder>     (a version back to files, via the API)

Options: --url <engine> (or ENGINE_URL, default http://127.0.0.1:3000) and --token <jwt> (or ENGINE_TOKEN) for the ruleset commands;
--rules <dir> (default rules/ or RULES_DIR); --no-calibrate uses the weights of rules/profiles.json
instead of fitting them on the history.
`;

async function main(argv: string[]): Promise<void> {
  const args = parseArguments(argv);
  switch (args.command) {
    case 'score':
      return scoreCommand(args);
    case 'backtest':
      return backtestCommand(args);
    case 'calibrate':
      return calibrateCommand(args);
    case 'replay':
      return replayCommand(args);
    case 'import-ruleset':
      return importRulesetCommand(args);
    case 'export-ruleset':
      return exportRulesetCommand(args);
    case 'import-history':
      return importHistoryCommand(args);
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(USAGE);
      return;
    default:
      throw new UsageError(`unknown command "${args.command}"`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
