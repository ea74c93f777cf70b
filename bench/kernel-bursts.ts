/**
 * Kernel threads that take a core in bursts while a benchmark runs. Some virtual machine hosts
 * run DAMON (`kdamond`, the kernel's data access monitor) for proactive memory reclaim: on the
 * 2-core AMD machine of the README it wakes every ~0.55 s and holds a core for 15 to 25 ms, on a
 * kernel without preemption (PREEMPT_NONE), so whatever waits for that core waits it out. The
 * load drivers time requests; this watch times the bursts, so that a run can say how much of
 * its tail fell inside them (ADR 0009, addendum of 2026-12-04, third). It reads each thread's
 * CPU time (`/proc/<pid>/schedstat`, in ns, one pread per thread) every `intervalMs` (4) on a
 * worker thread of its own, so that the driver's event loop is not the one sampling; it costs
 * the driver 1 to 2% of a core.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/** A stretch of wall-clock time (ms since the epoch, `performance.timeOrigin + performance.now()`) in which a watched thread ran. */
export interface CpuBurst {
  start: number;
  end: number;
  /** CPU time the watched threads spent in it, in ms. */
  cpuMs: number;
}

/** One reading: when, and the watched threads' CPU time so far (ns). */
export interface CpuSample {
  at: number;
  cpuNs: number;
}

/** Kernel threads whose name starts with `prefix` (children of kthreadd, pid 2): their pids and names. */
export function kernelThreads(prefix: string): { pid: number; name: string }[] {
  const found: { pid: number; name: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === 2 && name.startsWith(prefix)) found.push({ pid: Number(entry), name });
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

/**
 * Folds readings into bursts: consecutive readings between which CPU time grew are one burst,
 * and bursts less than `joinMs` apart are joined. A burst spans from the reading before the
 * growth to the reading after it, so it may start up to one sampling interval early.
 */
export function burstsFrom(samples: readonly CpuSample[], joinMs = 20): CpuBurst[] {
  const bursts: CpuBurst[] = [];
  for (let index = 1; index < samples.length; index += 1) {
    const previous = samples[index - 1] as CpuSample;
    const current = samples[index] as CpuSample;
    const grewMs = (current.cpuNs - previous.cpuNs) / 1e6;
    if (grewMs <= 0) continue;
    const last = bursts.at(-1);
    if (last && previous.at - last.end < joinMs) {
      last.end = current.at;
      last.cpuMs += grewMs;
    } else {
      bursts.push({ start: previous.at, end: current.at, cpuMs: grewMs });
    }
  }
  return bursts;
}

/** Splits request latencies into those in flight during a burst (sent before it ended, answered after it began) and the rest. */
export function splitByBursts(
  requests: readonly { sentAt: number; ms: number }[],
  bursts: readonly CpuBurst[],
): { during: number[]; outside: number[] } {
  const sorted = [...bursts].sort((a, b) => a.start - b.start);
  const during: number[] = [];
  const outside: number[] = [];
  for (const { sentAt, ms } of requests) {
    const answeredAt = sentAt + ms;
    const overlaps = sorted.some((burst) => sentAt <= burst.end && answeredAt >= burst.start);
    (overlaps ? during : outside).push(ms);
  }
  return { during, outside };
}

const SAMPLER = `
const { parentPort, workerData } = require('node:worker_threads');
const { openSync, readSync } = require('node:fs');
const { performance } = require('node:perf_hooks');
const stop = new Int32Array(workerData.stop);
const files = workerData.paths.map((path) => { try { return openSync(path, 'r'); } catch { return -1; } });
const buffer = Buffer.alloc(128);
const samples = [];
const read = () => {
  let cpuNs = 0;
  for (const fd of files) {
    if (fd < 0) continue;
    try { cpuNs += Number(buffer.toString('latin1', 0, readSync(fd, buffer, 0, buffer.length, 0)).split(' ')[0]); } catch {}
  }
  samples.push({ at: performance.timeOrigin + performance.now(), cpuNs });
};
while (Atomics.load(stop, 0) === 0) {
  read();
  Atomics.wait(stop, 0, 0, workerData.intervalMs);
}
read();
parentPort.postMessage(samples);
`;

/** Samples the CPU time of the named kernel threads until `stop()`; `null` when the machine runs none. */
export class KernelBurstWatch {
  private readonly stopFlag = new SharedArrayBuffer(4);
  private readonly worker: Worker;
  private readonly result: Promise<CpuSample[]>;

  private constructor(
    readonly threads: { pid: number; name: string }[],
    intervalMs: number,
  ) {
    this.worker = new Worker(SAMPLER, {
      eval: true,
      workerData: { paths: threads.map(({ pid }) => `/proc/${pid}/schedstat`), intervalMs, stop: this.stopFlag },
    });
    this.result = new Promise((resolve, reject) => {
      this.worker.once('message', resolve);
      this.worker.once('error', reject);
    });
  }

  static start(prefix = 'kdamond', intervalMs = 4): KernelBurstWatch | null {
    const threads = kernelThreads(prefix);
    return threads.length === 0 ? null : new KernelBurstWatch(threads, intervalMs);
  }

  async stop(): Promise<CpuBurst[]> {
    const flag = new Int32Array(this.stopFlag);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
    const samples = await this.result;
    await this.worker.terminate();
    return burstsFrom(samples);
  }
}
