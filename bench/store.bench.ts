/**
 * npm run bench:store — the record statement alone (DecisionStore.record: declarations,
 * decisions, outbox messages, importer counts in one statement and one commit), at several batch
 * sizes, on a fresh database. It prints PostgreSQL's CPU and the wall time per declaration for
 * each size: a statement that is linear in its batch costs about the same per declaration at
 * every size, so a figure that grows with the batch points at work that is quadratic in it.
 * The sizes take turns in rounds, so all of them meet the same spells of a noisy machine.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import type { Declaration, RiskDecision } from '@app/contracts';
import { dataSourceOptions } from '@app/persistence';
import { CompiledRuleEvaluator, SelectivityEngine, loadRulesetFromDirectory } from '@app/selectivity';
import { sampleDeclarations } from '@app/testing';
import { DecisionStore } from '../apps/risk-engine/src/selectivity/decision-store';
import { freshDatabase, percentile, runBench } from './support';

const SIZES = (process.env.BENCH_STORE_SIZES ?? '10,100,500,2000').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_STORE_ROUNDS ?? 6);
/** Declarations each size records per round, in batches of that size. */
const PER_ROUND = 4_000;
const CLOCK_TICKS_PER_SECOND = 100;

/** User plus system CPU of one process, in seconds (Linux). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

interface SizeFigures {
  cpuSeconds: number;
  wallSeconds: number;
  declarations: number;
  batchMs: number[];
}

async function main(): Promise<void> {
  const databaseUrl = await freshDatabase('risk_engine_bench_store');
  // One connection, so one backend does all the work and its CPU is the statement's.
  const dataSource = await new DataSource({ ...dataSourceOptions(databaseUrl), extra: { max: 1 } }).initialize();
  await dataSource.runMigrations();
  const store = new DecisionStore(dataSource);
  const [backend] = await dataSource.query<{ pid: number }[]>('SELECT pg_backend_pid() AS pid');
  const pid = backend?.pid ?? NaN;

  const shipped = loadRulesetFromDirectory(resolve(__dirname, '../rules'));
  const engine = new SelectivityEngine(shipped, new CompiledRuleEvaluator(shipped));
  const total = PER_ROUND * SIZES.length * (ROUNDS + 1);
  const declarations = sampleDeclarations(total, { seed: 7, idPrefix: 'STORE', riskShare: 0.3 });
  const decidedAt = new Date();
  const decisions: RiskDecision[] = [];
  for (const declaration of declarations) decisions.push(await engine.assess(declaration, decidedAt));

  let next = 0;
  const recordRound = async (size: number, figures: SizeFigures | null) => {
    for (let recorded = 0; recorded < PER_ROUND; recorded += size) {
      const batch: Declaration[] = declarations.slice(next, next + size);
      const batchDecisions = decisions.slice(next, next + size);
      next += size;
      const cpuBefore = cpuSeconds(pid);
      const started = performance.now();
      await store.record(batch, batchDecisions, [], 'KAFKA');
      const ms = performance.now() - started;
      if (!figures) continue;
      figures.cpuSeconds += cpuSeconds(pid) - cpuBefore;
      figures.wallSeconds += ms / 1000;
      figures.declarations += batch.length;
      figures.batchMs.push(ms);
    }
  };

  // A round of every size to warm up (prepared statements, caches), not counted.
  for (const size of SIZES) await recordRound(size, null);
  const figures = new Map<number, SizeFigures>(
    SIZES.map((size) => [size, { cpuSeconds: 0, wallSeconds: 0, declarations: 0, batchMs: [] }]),
  );
  for (let round = 0; round < ROUNDS; round += 1) {
    const order = round % 2 === 0 ? SIZES : [...SIZES].reverse();
    for (const size of order) await recordRound(size, figures.get(size) ?? null);
  }
  const [stored] = await dataSource.query<{ rows: string }[]>('SELECT count(*) AS rows FROM risk_decisions');
  // Nothing here is for a relay to publish.
  await dataSource.query('DELETE FROM outbox_messages');
  await dataSource.destroy();

  console.log(`Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; PostgreSQL on the same machine`);
  console.log(
    `Record statement (DecisionStore.record), one connection, ${ROUNDS} rounds of ${PER_ROUND} declarations per batch size, sizes in turn; ${stored?.rows} decisions stored`,
  );
  for (const [size, figure] of figures) {
    const perDeclaration = (seconds: number) => ((1e6 * seconds) / figure.declarations).toFixed(0).padStart(4);
    console.log(
      `  batch of ${String(size).padStart(4)}: PostgreSQL CPU ${perDeclaration(figure.cpuSeconds)} us, wall ${perDeclaration(figure.wallSeconds)} us per declaration; ` +
        `batch p50 ${percentile(figure.batchMs, 50).toFixed(1)} ms, p99 ${percentile(figure.batchMs, 99).toFixed(1)} ms`,
    );
  }
}

runBench(main);
