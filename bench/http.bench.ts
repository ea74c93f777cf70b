/**
 * npm run bench:http — `POST /v1/risk-assessments` alone, at an offered rate (open loop), with the
 * CPU each process of the machine spent meanwhile: the engine, PostgreSQL, the Kafka broker (the
 * outbox relay publishes every decision) and this load driver. On a machine where they all share
 * the cores, the latency tail follows the total. The first BENCH_HTTP_WARMUP_SECONDS (5) at the
 * rate warm the engine up (new pooled connections, code paths compiled under concurrency); they
 * are reported apart. Where the machine runs DAMON's kernel thread (`kdamond`), the run also
 * says how many requests were in flight during its bursts and how those fared against the others
 * (`kernel-bursts.ts`). BENCH_HTTP_RATE (500), BENCH_HTTP_SECONDS (20).
 */
import { cpus } from 'node:os';
import { sampleDeclarations } from '@app/testing';
import { offerAssessments } from './http-load';
import { describeGc, scrapeGcTotals } from './engine-gc';
import { KernelBurstWatch } from './kernel-bursts';
import {
  collectDriverGarbage,
  describeBursts,
  describeLoad,
  freshDatabase,
  runBench,
  scrapeHistogram,
  startBenchEngine,
  startCpuMeter,
  timedRequests,
} from './support';

const RATE = Number(process.env.BENCH_HTTP_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 20);
const WARM_UP_SECONDS = Number(process.env.BENCH_HTTP_WARMUP_SECONDS ?? 5);
const run = `http${Date.now().toString(36)}`;

async function main(): Promise<void> {
  const engine = await startBenchEngine(run, await freshDatabase('risk_engine_bench'), 'warn');
  try {
    const port = engine.port;
    const bodies = sampleDeclarations(RATE * (WARM_UP_SECONDS + SECONDS), { seed: 21, idPrefix: run }).map((d) => JSON.stringify(d));
    collectDriverGarbage();
    const warmUp = await offerAssessments([port], bodies.slice(0, RATE * WARM_UP_SECONDS), RATE);

    const cpu = startCpuMeter();
    const relayBefore = await scrapeHistogram([port], 'risk_engine_outbox_publish_duration_seconds');
    const gcBefore = await scrapeGcTotals([port]);
    const kernelWatch = KernelBurstWatch.start();
    const measured = await offerAssessments([port], bodies.slice(RATE * WARM_UP_SECONDS), RATE);
    const kernel = kernelWatch?.stop();
    const { seconds } = measured;
    const relayAfter = await scrapeHistogram([port], 'risk_engine_outbox_publish_duration_seconds');
    const gcAfter = await scrapeGcTotals([port]);
    const relayCycles = (relayAfter.get('+Inf') ?? 0) - (relayBefore.get('+Inf') ?? 0);

    console.log(
      `Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; engine, broker, PostgreSQL and this driver on it`,
    );
    console.log(`Warm-up, ${WARM_UP_SECONDS} s at ${RATE}/s (not in the figures below): ${describeLoad(warmUp)}`);
    console.log(
      `POST /v1/risk-assessments at an offered ${RATE}/s for ${SECONDS} s (achieved ${(measured.latencies.length / seconds).toFixed(0)}/s): ${describeLoad(measured)}`,
    );
    console.log(`CPU, % of one core: ${cpu.stop(seconds)}; outbox relay cycles ${(relayCycles / seconds).toFixed(0)}/s`);
    console.log(`Garbage collection in the engine: ${describeGc(gcBefore, gcAfter, seconds)}`);
    if (kernel) console.log(`Kernel bursts: ${describeBursts(kernel, timedRequests(measured), seconds, 10)}`);
  } finally {
    await engine.stop();
  }
}

runBench(main);
