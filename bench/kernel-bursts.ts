/**
 * Kernel threads that take a core in bursts while a benchmark runs. Some virtual machine hosts
 * run DAMON (`kdamond`, the kernel's data access monitor) for proactive memory reclaim: on the
 * 2-core AMD machine of the README it wakes every ~0.55 s and holds a core for 15 to 45 ms, on a
 * kernel without preemption (PREEMPT_NONE), so whatever waits for that core waits it out. The
 * load drivers time requests; this watch times the bursts, so that a run can say how much of
 * its tail fell inside them (ADR 0009, addendum of 2026-12-04, third). It reads each thread's
 * CPU time (`/proc/<pid>/schedstat`, in ns, one pread per thread) every `intervalMs` (4) on the
 * driver's event loop, which wakes that often anyway while it sends (a worker thread of its own
 * cost the driver 4 to 5% of a core in its wake-ups).
 */
import { closeSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

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
  const during: number[] = [];
  const outside: number[] = [];
  for (const { sentAt, ms } of requests) {
    const answeredAt = sentAt + ms;
    const overlaps = bursts.some((burst) => sentAt <= burst.end && answeredAt >= burst.start);
    (overlaps ? during : outside).push(ms);
  }
  return { during, outside };
}

/** What a watch saw: the names of the threads it watched and their bursts. */
export interface KernelBursts {
  threads: string[];
  bursts: CpuBurst[];
}

/** Samples the CPU time of the named kernel threads until `stop()`; `null` when the machine runs none. */
export class KernelBurstWatch {
  private readonly files: number[];
  private readonly buffer = Buffer.alloc(128);
  private readonly samples: CpuSample[] = [];
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private readonly threads: { pid: number; name: string }[],
    intervalMs: number,
  ) {
    this.files = threads.map(({ pid }) => openSync(`/proc/${pid}/schedstat`, 'r'));
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  static start(prefix = 'kdamond', intervalMs = 4): KernelBurstWatch | null {
    const threads = kernelThreads(prefix);
    return threads.length === 0 ? null : new KernelBurstWatch(threads, intervalMs);
  }

  stop(): KernelBursts {
    clearInterval(this.timer);
    this.sample();
    for (const fd of this.files) closeSync(fd);
    return { threads: this.threads.map((thread) => thread.name), bursts: burstsFrom(this.samples) };
  }

  /** One pread of each thread's schedstat (its first field: ns on a CPU). */
  private sample(): void {
    let cpuNs = 0;
    for (const fd of this.files) {
      const length = readSync(fd, this.buffer, 0, this.buffer.length, 0);
      cpuNs += Number(this.buffer.toString('latin1', 0, length).split(' ')[0]);
    }
    this.samples.push({ at: performance.timeOrigin + performance.now(), cpuNs });
  }
}
