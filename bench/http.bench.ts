/**
 * npm run bench:http — `POST /v1/risk-assessments` alone, at an offered rate (open loop), with the
 * CPU each process of the machine spent meanwhile: the engine, PostgreSQL, the Kafka broker (the
 * outbox relay publishes every decision) and this load driver. On a machine where they all share
 * the cores, the latency tail follows the total. BENCH_HTTP_RATE (500), BENCH_HTTP_SECONDS (10).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { cpus } from 'node:os';
import { sampleDeclarations } from '@app/testing';
import { freshDatabase, percentile, postAssessment, scrapeHistogram, sleep, startBenchEngine, runBench } from './support';

const RATE = Number(process.env.BENCH_HTTP_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const WARM_UP = 500;
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
    const agent = new Agent({ keepAlive: true, maxSockets: 64 });
    const bodies = sampleDeclarations(WARM_UP + RATE * SECONDS, { seed: 21, idPrefix: run }).map((d) => JSON.stringify(d));
    for (const body of bodies.slice(0, WARM_UP)) await postAssessment(agent, port, body);

    const processes = {
      engine: 'dist/apps/risk-engine/main.js',
      PostgreSQL: 'postgres',
      'Kafka broker': 'kafka.Kafka',
    };
    const before = Object.fromEntries(Object.entries(processes).map(([name, pattern]) => [name, cpuTicks(pattern)]));
    const driverBefore = process.cpuUsage();
    const relayBefore = await scrapeHistogram([port], 'risk_engine_outbox_publish_duration_seconds');
    const latencies: number[] = [];
    const errors = new Map<string, number>();
    const pending: Promise<void>[] = [];
    const started = performance.now();
    for (let i = 0; i < RATE * SECONDS; i += 1) {
      const wait = started + (i * 1000) / RATE - performance.now();
      if (wait > 1) await sleep(wait);
      pending.push(
        postAssessment(agent, port, bodies[WARM_UP + i] as string).then(({ status, ms, error }) => {
          if (status === 200) latencies.push(ms);
          else {
            const kind = status === 0 ? `connection ${error ?? 'failed'}` : `HTTP ${status}`;
            errors.set(kind, (errors.get(kind) ?? 0) + 1);
          }
        }),
      );
    }
    await Promise.all(pending);
    const seconds = (performance.now() - started) / 1000;
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
    console.log(
      `POST /v1/risk-assessments at an offered ${RATE}/s for ${SECONDS} s (achieved ${(latencies.length / seconds).toFixed(0)}/s): ` +
        `p50 ${percentile(latencies, 50).toFixed(2)} ms, p90 ${percentile(latencies, 90).toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms, max ${Math.max(...latencies).toFixed(1)} ms; errors: ${errors.size === 0 ? 'none' : [...errors].map(([kind, count]) => `${count} ${kind}`).join(', ')}`,
    );
    console.log(
      `CPU, % of one core: ${usage.join(', ')}, load driver ${Math.round((driver.user + driver.system) / 1e4 / seconds)}%; ` +
        `outbox relay cycles ${(relayCycles / seconds).toFixed(0)}/s`,
    );
  } finally {
    await engine.stop();
  }
}

runBench(main);
