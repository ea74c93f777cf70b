import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadEnvironment } from '@app/config';
import { HistoryRepository, dataSourceOptions, ensureDatabase } from '@app/persistence';
import type { Declaration, InspectionOutcome, SeizureRecord } from '@app/contracts';
import { UsageError, type Arguments } from '../arguments';
import { readHistory } from '../history/history-files';
import { ProgressBar } from '../progress-bar';
import { formatOf } from './scoring-inputs';

const CHUNK = 2_000;

/**
 * `import-history`: loads declarations, inspection outcomes and seizures into the engine's
 * database (DATABASE_URL), idempotently, then tells running engines to rebuild their profiles.
 */
export async function importHistoryCommand(args: Arguments): Promise<void> {
  const files = args.positional;
  if (files.length === 0) throw new UsageError('import-history needs at least one file');
  const history = readHistory(formatOf(args), files);
  if (history.rejected.length > 0) {
    process.stderr.write(`${history.rejected.length} records could not be read and were skipped, e.g.:\n`);
    for (const entry of history.rejected.slice(0, 5)) process.stderr.write(`  ${entry.location}: ${entry.reason}\n`);
  }
  const declarations: Declaration[] = [];
  const outcomes: InspectionOutcome[] = [];
  const seizures: SeizureRecord[] = [];
  for (const record of history.records) {
    if (record.kind === 'seizure') seizures.push(record.seizure);
    else declarations.push(record.declaration);
    if (record.kind === 'inspection') outcomes.push(record.outcome);
  }

  const url = loadEnvironment().DATABASE_URL;
  await ensureDatabase(url);
  const dataSource = new DataSource(dataSourceOptions(url));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations();
    const repository = new HistoryRepository(dataSource);
    const progress = new ProgressBar('importing history');
    const total = declarations.length + outcomes.length + seizures.length;
    let done = 0;
    let newOutcomes = 0;
    let newSeizures = 0;
    for (let i = 0; i < declarations.length; i += CHUNK) {
      const chunk = declarations.slice(i, i + CHUNK);
      await repository.saveDeclarations(chunk);
      progress.update((done += chunk.length), total);
    }
    for (let i = 0; i < outcomes.length; i += CHUNK) {
      const chunk = outcomes.slice(i, i + CHUNK);
      newOutcomes += (await repository.saveOutcomes(chunk, false)).length;
      progress.update((done += chunk.length), total);
    }
    for (let i = 0; i < seizures.length; i += CHUNK) {
      const chunk = seizures.slice(i, i + CHUNK);
      newSeizures += (await repository.saveSeizures(chunk, false)).length;
      progress.update((done += chunk.length), total);
    }
    await repository.announceReload();
    process.stdout.write(
      `Imported ${declarations.length} declarations, ${newOutcomes} new inspection outcomes (of ${outcomes.length}) and ${newSeizures} new seizures (of ${seizures.length})\n`,
    );
  } finally {
    await dataSource.destroy();
  }
}
