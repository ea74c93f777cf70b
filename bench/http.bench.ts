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
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { sampleDeclarations } from '@app/testing';
import { offerAssessments } from './http-load';
import { KernelBurstWatch } from './kernel-bursts';
import { describeBursts, describeLoad, freshDatabase, runBench, scrapeHistogram, startBenchEngine, timedRequests } from './support';

const RATE = Number(process.env.BENCH_HTTP_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 20);
const WARM_UP_SECONDS = Number(process.env.BENCH_HTTP_WARMUP_SECONDS ?? 5);
const run = `http${Date.now().toString(36)}`;

/** CPU time (user + system, in clock ticks of 10 ms) of the processes whose command line matches. */
function cpuTicks(pattern: string): { user: number; system: number } {
  let pids: string[] = [];
  try {
    pids = execFileSync('pgrep', ['-f', pattern], { encoding: 'utf8' }).split('\n').filter(Boolean);
  } catch {
    // none running
  }
  const total = { user: 0, system: 0 };
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      total.user += Number(fields[11]);
      total.system += Number(fields[12]);
    } catch {
      // exited meanwhile (a PostgreSQL backend)
    }
  }
  return total;
}

async function main(): Promise<void> {
  const engine = await startBenchEngine(run, await freshDatabase('risk_engine_bench'), 'warn');
  try {
    const port = engine.port;
    const bodies = sampleDeclarations(RATE * (WARM_UP_SECONDS + SECONDS), { seed: 21, idPrefix: run }).map((d) => JSON.stringify(d));
    const warmUp = await offerAssessments([port], bodies.slice(0, RATE * WARM_UP_SECONDS), RATE);

    const processes = {
      engine: 'dist/apps/risk-engine/main.js',
      PostgreSQL: 'postgres',
      'Kafka broker': 'kafka.Kafka',
    };
    const before = Object.fromEntries(Object.entries(processes).map(([name, pattern]) => [name, cpuTicks(pattern)]));
    const driverBefore = process.cpuUsage();
    const relayBefore = await scrapeHistogram([port], 'risk_engine_outbox_publish_duration_seconds');
    const kernelWatch = KernelBurstWatch.start();
    const measured = await offerAssessments([port], bodies.slice(RATE * WARM_UP_SECONDS), RATE);
    const kernel = kernelWatch?.stop();
    const { seconds } = measured;
    const driver = process.cpuUsage(driverBefore);
    const relayAfter = await scrapeHistogram([port], 'risk_engine_outbox_publish_duration_seconds');
    const share = (ticks: number) => `${Math.round(ticks / seconds)}%`;
    const usage = Object.entries(processes).map(([name, pattern]) => {
      const now = cpuTicks(pattern);
      const then = before[name] ?? { user: 0, system: 0 };
      return `${name} ${share(now.user + now.system - then.user - then.system)} (system ${share(now.system - then.system)})`;
    });
    const relayCycles = (relayAfter.get('+Inf') ?? 0) - (relayBefore.get('+Inf') ?? 0);

    console.log(
      `Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; engine, broker, PostgreSQL and this driver on it`,
    );
    console.log(`Warm-up, ${WARM_UP_SECONDS} s at ${RATE}/s (not in the figures below): ${describeLoad(warmUp)}`);
    console.log(
      `POST /v1/risk-assessments at an offered ${RATE}/s for ${SECONDS} s (achieved ${(measured.latencies.length / seconds).toFixed(0)}/s): ${describeLoad(measured)}`,
    );
    console.log(
      `CPU, % of one core: ${usage.join(', ')}, load driver ${Math.round((driver.user + driver.system) / 1e4 / seconds)}%; ` +
        `outbox relay cycles ${(relayCycles / seconds).toFixed(0)}/s`,
    );
    if (kernel) console.log(`Kernel bursts: ${describeBursts(kernel, timedRequests(measured), seconds, 10)}`);
  } finally {
    await engine.stop();
  }
}

runBench(main);
