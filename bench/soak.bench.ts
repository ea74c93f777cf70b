/**
 * npm run bench:soak — the engine under a steady 1,000 declarations a second for 10 minutes
 * (BENCH_SOAK_SECONDS), sampling its resident memory every 10 s and its used JS heap (from
 * /metrics) every 2 s; memory must stay flat. Per minute it prints the average resident memory and
 * the lowest used heap: the heap right after a collection, which is what a leak makes grow.
 */
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { Topic } from '@app/contracts';
import { sampleDeclarations } from '@app/testing';
import { freshDatabase, sleep, startBenchEngine, runBench } from './support';

const SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 600);
const RATE = Number(process.env.BENCH_RATE ?? 1_000);
const run = `soak${Date.now().toString(36)}`;

function residentMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function heapUsedMb(port: number): Promise<number | null> {
  try {
    const body = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const bytes = /^risk_engine_nodejs_heap_size_used_bytes (\d+(?:\.\d+)?)$/m.exec(body)?.[1];
    return bytes === undefined ? null : Number(bytes) / 2 ** 20;
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const SOAK_DB = await freshDatabase('risk_engine_soak');
  const engine = await startBenchEngine(run, SOAK_DB, 'error');
  const { kafka } = engine;
  try {
    const producer = kafka.producer();
    await producer.connect();
    const samples: { second: number; mb: number }[] = [];
    const heap: { second: number; mb: number }[] = [];
    const started = performance.now();
    const heapSampler = setInterval(() => {
      const second = (performance.now() - started) / 1000;
      void heapUsedMb(engine.port).then((mb) => {
        if (mb !== null) heap.push({ second, mb });
      });
    }, 2_000);
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
    clearInterval(heapSampler);
    await sleep(5_000);
    const db = new Client({ connectionString: SOAK_DB });
    await db.connect();
    const decided = Number((await db.query<{ count: string }>('SELECT count(*) FROM risk_decisions')).rows[0]?.count);
    await db.end();
    const minutes = Array.from({ length: Math.ceil(SECONDS / 60) }, (_, index) => index * 60);
    const inMinute = (series: { second: number; mb: number }[], from: number) =>
      series.filter((s) => s.second >= from && s.second < from + 60).map((s) => s.mb);
    const rssByMinute = minutes.map((from) => {
      const window = inMinute(samples, from);
      return window.reduce((a, b) => a + b, 0) / Math.max(1, window.length);
    });
    const heapByMinute = minutes.map((from) => Math.min(...inMinute(heap, from)));
    const change = (series: number[]) => {
      const second = series[1] ?? series[0] ?? NaN;
      const last = series.at(-1) ?? NaN;
      return `second minute ${second.toFixed(0)} MB, last minute ${last.toFixed(0)} MB (${(((last - second) / second) * 100).toFixed(1)}%)`;
    };
    console.log(`Soak: ${sent} declarations offered at ${RATE}/s for ${SECONDS} s; ${decided} decided and stored`);
    console.log(`Engine resident memory (MB) every 10 s: ${samples.map((s) => s.mb.toFixed(0)).join(' ')}`);
    console.log(`Resident memory, average per minute (MB): ${rssByMinute.map((mb) => mb.toFixed(0)).join(', ')}; ${change(rssByMinute)}`);
    console.log(`Used JS heap, lowest per minute (MB): ${heapByMinute.map((mb) => mb.toFixed(0)).join(', ')}; ${change(heapByMinute)}`);
    await producer.disconnect();
  } finally {
    await engine.stop();
  }
}

runBench(main);
