/** What the benchmarks share: a fresh database, the built engine as a child process, Kafka offsets, CPU per process, percentiles. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { Client } from 'pg';
import { Topic } from '@app/contracts';
import { ensureTopics, useLeanProduceEncoding } from '@app/messaging';
import type { OfferedLoad } from './http-load';
import { type KernelBursts, splitByBursts } from './kernel-bursts';
import { readProcessCpu, spentBetween, type ProcessCpu } from './process-cpu';

export const ROOT = resolve(__dirname, '..');
/**
 * The engine is run as `npm start` runs it: any Node flags of package.json's start script, then
 * the built entry point, as `npm run build` leaves it.
 */
const START_COMMAND = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start.split(
  ' ',
);
const ENGINE_FLAGS = START_COMMAND.filter((part) => part.startsWith('--'));
const ENGINE_ENTRY = START_COMMAND.at(-1) ?? 'dist/apps/risk-engine/main.js';
export const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/risk_engine';

/** The URL of DATABASE_URL's server with another database name (the query string, e.g. ?host=/var/run/postgresql, is kept). */
function databaseOnServer(name: string): string {
  const url = new URL(DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Collects the load driver's garbage in full, between phases: what a phase left on the driver's
 * heap is otherwise collected during the next one, in pauses of up to 40 ms that the driver would
 * time as the engine's latency. (bench:e2e and bench:http also start the driver with V8's memory
 * reducer off: it follows a full collection with more of its own a few seconds later, mid-phase,
 * to shrink the heap.)
 */
export const collectDriverGarbage: () => void = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

/** Drops and creates the named database; returns its URL. */
export async function freshDatabase(name: string): Promise<string> {
  const admin = new Client({ connectionString: databaseOnServer('postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return databaseOnServer(name);
}

/**
 * Moves a consumer group to the end of a topic (which `startBenchEngine` has made sure exists),
 * so that it reads only what this run produces. A topic just created may not have its leaders in
 * place yet (NOT_LEADER_FOR_PARTITION): such retriable answers are retried for up to 10 s.
 */
export async function skipToEnd(admin: Admin, groupId: string, topic: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({ groupId, topic, partitions: offsets.map((o) => ({ partition: o.partition, offset: o.high })) });
      return;
    } catch (error) {
      if (!(error as { retriable?: boolean }).retriable || attempt >= 50) throw error;
      await sleep(200);
    }
  }
}

export interface BenchEngine {
  /** The first engine process (the soak samples its memory). */
  process: ChildProcess;
  /** The HTTP port of the first engine process. */
  port: number;
  /** The HTTP ports of every engine process, in start order. */
  ports: number[];
  kafka: Kafka;
  admin: Admin;
  stop(): Promise<void>;
}

/**
 * Builds the engine, starts `processes` engine processes on one database, consumer group and
 * client id (the group starting at the end of the declarations topic as it was before
 * `beforeStart` ran), as a deployment runs replicas, and resolves once every one reports ready.
 * They share the topic's partitions; one of them relays the outbox at a time.
 */
export async function startBenchEngine(
  run: string,
  databaseUrl: string,
  logLevelName: string,
  processes = 1,
  beforeStart?: (kafka: Kafka, admin: Admin) => Promise<void>,
): Promise<BenchEngine> {
  execFileSync('npx', ['nest', 'build', 'risk-engine'], { cwd: ROOT, stdio: 'ignore' });
  // The load driver encodes its Produce requests as the engine does (the same bytes, a fraction
  // of kafkajs' CPU), so that less of the shared cores goes to the stand-in for clearance systems.
  useLeanProduceEncoding();
  const kafka = new Kafka({ clientId: `${run}-driver`, brokers: BROKERS, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  // The engine creates its topics when it starts, but the driver subscribes and produces before
  // that: on a new broker they would not exist yet.
  await ensureTopics(admin);
  await skipToEnd(admin, `${run}-engine`, Topic.Declarations);
  // What the caller lays down before the engine exists, e.g. a backlog its consumer group will find.
  await beforeStart?.(kafka, admin);
  // Below Linux's ephemeral range (32768-60999), where outgoing connections could hold the port.
  const firstPort = 20_000 + Math.floor(Math.random() * 12_000);
  const ports = Array.from({ length: processes }, (_, index) => firstPort + index);
  // BENCH_ENGINE_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the engine under
  // load; a flag given there again overrides the start script's.
  const nodeArgs = (process.env.BENCH_ENGINE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const engines = ports.map((port) =>
    spawn(process.execPath, [...ENGINE_FLAGS, ...nodeArgs, join(ROOT, ENGINE_ENTRY)], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        KAFKA_GROUP_ID: `${run}-engine`,
        KAFKA_CLIENT_ID: run,
        LOG_LEVEL: logLevelName,
        AUTH_JWT_SECRET: '',
        AUTH_JWKS_URL: '',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    }),
  );
  const stop = async () => {
    const exited = engines.map(
      (engine) => new Promise<void>((resolveExit) => (engine.exitCode === null ? engine.once('exit', () => resolveExit()) : resolveExit())),
    );
    for (const engine of engines) engine.kill('SIGTERM');
    await Promise.race([Promise.all(exited), sleep(60_000)]);
    await admin.disconnect();
  };
  try {
    for (const port of ports) {
      for (let i = 0; ; i += 1) {
        if (i > 300) throw new Error(`the engine on port ${port} did not become ready`);
        try {
          if ((await fetch(`http://127.0.0.1:${port}/health/ready`)).ok) break;
        } catch {
          // starting
        }
        await sleep(200);
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { process: engines[0] as ChildProcess, port: firstPort, ports, kafka, admin, stop };
}

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

/** Cumulative bucket counts of one Prometheus histogram (optionally one label set), read from /metrics of every engine process and summed. */
export async function scrapeHistogram(ports: number[], name: string, labels = ''): Promise<Map<string, number>> {
  const buckets = new Map<string, number>();
  for (const port of ports) {
    const body = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    for (const match of body.matchAll(new RegExp(`^${name}_bucket\\{([^}]*)\\} (\\d+)$`, 'gm'))) {
      const pairs = (match[1] ?? '').split(',');
      const le = pairs.find((pair) => pair.startsWith('le='))?.slice(4, -1);
      if (le !== undefined && (labels === '' || pairs.includes(labels))) buckets.set(le, (buckets.get(le) ?? 0) + Number(match[2]));
    }
  }
  return buckets;
}

/** Unlabelled Prometheus gauges read from one scrape of each engine process; each name maps to its largest value across the processes. */
export async function scrapeGauges(ports: number[], names: string[]): Promise<Map<string, number>> {
  const values = new Map<string, number>();
  for (const port of ports) {
    const body = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    for (const name of names) {
      const value = Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(body)?.[1]);
      if (!Number.isNaN(value)) values.set(name, Math.max(values.get(name) ?? value, value));
    }
  }
  return values;
}

/** The upper bound (as a Prometheus `le`, in seconds) of the bucket holding the p-th percentile of what was observed between two scrapes. */
export function bucketPercentile(before: Map<string, number>, after: Map<string, number>, p: number): string {
  const counts = [...after].map(([le, count]) => [le, count - (before.get(le) ?? 0)] as const);
  const total = counts.find(([le]) => le === '+Inf')?.[1] ?? 0;
  if (total === 0) return 'n/a';
  const bound = counts.find(([, count]) => count >= (p / 100) * total)?.[0] ?? '+Inf';
  return bound === '+Inf' ? `> ${counts.at(-2)?.[0] ?? '?'} s` : `<= ${Number(bound) * 1000} ms`;
}

/** Runs a bench script's main and exits: 0 when it finished, 1 (with the error printed) when it failed. */
export function runBench(main: () => Promise<void>): void {
  main()
    .then(() => process.exit(0))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}

/** `p50 3.10 ms, p90 6.20 ms, p99 11.00 ms, max 20.1 ms; errors: none` */
export function describeLoad(load: OfferedLoad): string {
  const { latencies, errors } = load;
  const errorText = errors.size === 0 ? 'none' : [...errors].map(([kind, count]) => `${count} ${kind}`).join(', ');
  return (
    `p50 ${percentile(latencies, 50).toFixed(2)} ms, p90 ${percentile(latencies, 90).toFixed(2)} ms, ` +
    `p99 ${percentile(latencies, 99).toFixed(2)} ms, max ${latencies.reduce((a, b) => Math.max(a, b), 0).toFixed(1)} ms; errors: ${errorText}`
  );
}

/** The answered requests of an offered load, each with when it was sent. */
export const timedRequests = (load: OfferedLoad) => load.latencies.map((ms, index) => ({ ms, sentAt: load.sentAt[index] ?? NaN }));

/**
 * What the watched kernel threads took during `seconds` of load, and the latencies of the
 * requests in flight during their bursts apart from the others, with how many exceeded `targetMs`:
 * `kdamond.0 (a kernel thread, not part of the benchmark): 36 bursts, one every 0.55 s, median 22 ms long, 3.1% of a core; ...`
 */
export function describeBursts(
  { threads, bursts }: KernelBursts,
  requests: { sentAt: number; ms: number }[],
  seconds: number,
  targetMs: number,
): string {
  const { during, outside } = splitByBursts(requests, bursts);
  const cpuMs = bursts.reduce((sum, burst) => sum + burst.cpuMs, 0);
  const lengths = bursts.map((burst) => burst.end - burst.start);
  const spread = (values: number[]) =>
    values.length === 0 ? 'none' : `p50 ${percentile(values, 50).toFixed(2)} ms, p99 ${percentile(values, 99).toFixed(2)} ms`;
  return (
    `${threads.join(', ')} (a kernel thread, not part of the benchmark): ${bursts.length} bursts, ` +
    (bursts.length > 1
      ? `one every ${(seconds / bursts.length).toFixed(2)} s, median ${percentile(lengths, 50).toFixed(0)} ms long, `
      : '') +
    `${((cpuMs / (seconds * 1000)) * 100).toFixed(1)}% of a core; ` +
    `in flight during a burst: ${during.length} of ${requests.length} (${spread(during)}, ${during.filter((ms) => ms > targetMs).length} over ${targetMs} ms); ` +
    `the others: ${spread(outside)}, ${outside.filter((ms) => ms > targetMs).length} over ${targetMs} ms`
  );
}

/** The processes of the stack, by a pattern of their command lines. */
const STACK_PROCESSES = {
  engine: ENGINE_ENTRY,
  PostgreSQL: 'postgres',
  'Kafka broker': 'kafka.Kafka',
};

/** CPU and run-queue wait of each process whose command line matches, by pid. */
function processesCpu(pattern: string): Map<string, ProcessCpu> {
  let pids: string[] = [];
  try {
    pids = execFileSync('pgrep', ['-f', pattern], { encoding: 'utf8' }).split('\n').filter(Boolean);
  } catch {
    // none running
  }
  const spent = new Map<string, ProcessCpu>();
  for (const pid of pids) {
    const cpu = readProcessCpu(pid);
    if (cpu) spent.set(pid, cpu); // null: exited meanwhile (a PostgreSQL backend)
  }
  return spent;
}

/**
 * Starts counting the CPU the engine, PostgreSQL, the broker and this load driver spend, and how
 * long their threads waited for a core (runnable, both cores taken: `process-cpu.ts`); `stop`
 * says how much of each per second since, in % of one core (PostgreSQL backends that exited in
 * between are not counted, so its shares are lower bounds):
 * `engine 60% (system 8%, waited for a core 30%, its event loop 15%), PostgreSQL 38% (system 14%, waited 25%), ...`.
 */
export function startCpuMeter(): { stop: (seconds: number) => string } {
  const before = Object.fromEntries(Object.entries(STACK_PROCESSES).map(([name, pattern]) => [name, processesCpu(pattern)]));
  const self = String(process.pid);
  const driverStart = readProcessCpu(self);
  return {
    stop: (seconds) => {
      const share = (ticks: number) => `${Math.round(ticks / seconds)}%`;
      const waited = (spent: ProcessCpu, label: string) => (spent.waitMs === null ? '' : `, ${label} ${share(spent.waitMs / 10)}`);
      const usage = Object.entries(STACK_PROCESSES).map(([name, pattern]) => {
        // The engine's line also gives its event loop's wait (its main thread), and spells the label out once.
        const engine = name === 'engine';
        const spent = spentBetween(before[name] ?? new Map<string, ProcessCpu>(), processesCpu(pattern));
        const loop = engine && spent.mainWaitMs !== null ? `, its event loop ${share(spent.mainWaitMs / 10)}` : '';
        return `${name} ${share(spent.user + spent.system)} (system ${share(spent.system)}${waited(spent, engine ? 'waited for a core' : 'waited')}${loop})`;
      });
      const driverNow = readProcessCpu(self);
      const driver = spentBetween(new Map(driverStart ? [[self, driverStart]] : []), new Map(driverNow ? [[self, driverNow]] : []));
      return `${usage.join(', ')}, load driver ${share(driver.user + driver.system)} (system ${share(driver.system)}${waited(driver, 'waited')})`;
    },
  };
}
