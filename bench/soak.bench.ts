/**
 * npm run bench:soak — the engine under a steady 1,000 declarations a second for 10 minutes
 * (BENCH_SOAK_SECONDS), sampling its resident memory every 10 s; memory must stay flat.
 */
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { Topic } from '@app/contracts';
import { sampleDeclarations } from '@app/testing';
import { freshDatabase, sleep, startBenchEngine } from './support';

const SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 600);
const RATE = Number(process.env.BENCH_RATE ?? 1_000);
const run = `soak${Date.now().toString(36)}`;

function residentMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function main(): Promise<void> {
  const SOAK_DB = await freshDatabase('risk_engine_soak');
  const engine = await startBenchEngine(run, SOAK_DB, 'error');
  const { kafka } = engine;
  try {
    const producer = kafka.producer();
    await producer.connect();
    const samples: { second: number; mb: number }[] = [];
    const started = performance.now();
    let sent = 0;
    let nextSample = 0;
    const perTick = RATE / 10;
    while ((performance.now() - started) / 1000 < SECONDS) {
      const batch = sampleDeclarations(perTick, { seed: sent + 1, idPrefix: `${run}-${sent}` });
      await producer.send({ topic: Topic.Declarations, messages: batch.map((d) => ({ key: d.declarationId, value: JSON.stringify(d) })) });
      sent += batch.length;
      const elapsed = (performance.now() - started) / 1000;
      if (elapsed >= nextSample) {
        samples.push({ second: Math.round(elapsed), mb: residentMb(engine.process.pid ?? 0) });
        nextSample += 10;
      }
      const wait = started + (sent / RATE) * 1000 - performance.now();
      if (wait > 0) await sleep(wait);
    }
    await sleep(5_000);
    const db = new Client({ connectionString: SOAK_DB });
    await db.connect();
    const decided = Number((await db.query<{ count: string }>('SELECT count(*) FROM risk_decisions')).rows[0]?.count);
    await db.end();
    const minute = (from: number, to: number) => {
      const window = samples.filter((s) => s.second >= from && s.second < to).map((s) => s.mb);
      return window.reduce((a, b) => a + b, 0) / Math.max(1, window.length);
    };
    const second = minute(60, 120);
    const last = minute(SECONDS - 60, SECONDS + 1);
    console.log(`Soak: ${sent} declarations offered at ${RATE}/s for ${SECONDS} s; ${decided} decided and stored`);
    console.log(`Engine resident memory (MB) every 10 s: ${samples.map((s) => s.mb.toFixed(0)).join(' ')}`);
    console.log(
      `Second minute average ${second.toFixed(0)} MB, last minute average ${last.toFixed(0)} MB: ${(((last - second) / second) * 100).toFixed(1)}% change`,
    );
    await producer.disconnect();
  } finally {
    await engine.stop();
  }
}

main()
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
