/**
 * CPU time and time spent waiting for a core, per process, from /proc: what `startCpuMeter`
 * (support.ts) reports for the engine, PostgreSQL, the broker and the load driver. A thread that
 * is runnable but finds both cores taken waits in the run queue; Linux counts that wait per
 * thread in `/proc/<pid>/task/<tid>/schedstat` (second field, ns). On a machine shared by four
 * busy processes, that wait is where a latency tail comes from (ADR 0009).
 */
import { readdirSync, readFileSync } from 'node:fs';

/** What a process spent up to a moment: CPU in clock ticks (10 ms), and its threads' run-queue wait in ms (null where the kernel keeps no schedstat). */
export interface ProcessCpu {
  user: number;
  system: number;
  /** All its threads' run-queue wait. */
  waitMs: number | null;
  /** Its main thread's (the one whose id is the process id: Node's event loop, PostgreSQL's backend). */
  mainWaitMs: number | null;
}

/** Run-queue wait of one thread, in ms, from the text of its `schedstat` ("<run ns> <wait ns> <timeslices>"); null when unreadable. */
export function runQueueWaitMs(schedstat: string): number | null {
  const fields = schedstat.trim().split(/\s+/);
  if (fields.length < 3) return null;
  const waitNs = Number(fields[1]);
  return Number.isFinite(waitNs) ? waitNs / 1e6 : null;
}

/** User and system ticks from the text of `/proc/<pid>/stat` (the fields after the command name). */
export function cpuTicksOf(stat: string): { user: number; system: number } | null {
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  const user = Number(fields[11]);
  const system = Number(fields[12]);
  return Number.isFinite(user) && Number.isFinite(system) ? { user, system } : null;
}

/** CPU and run-queue wait of one process (every thread alive now); null when it has exited. */
export function readProcessCpu(pid: string): ProcessCpu | null {
  try {
    const ticks = cpuTicksOf(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    if (!ticks) return null;
    let waitMs: number | null = 0;
    let mainWaitMs: number | null = null;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      let wait: number | null = null;
      try {
        wait = runQueueWaitMs(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8'));
      } catch {
        // the thread exited meanwhile, or the kernel keeps no schedstat
      }
      if (wait === null) {
        waitMs = null;
        break;
      }
      waitMs += wait;
      if (tid === pid) mainWaitMs = wait;
    }
    return { ...ticks, waitMs, mainWaitMs: waitMs === null ? null : mainWaitMs };
  } catch {
    return null;
  }
}

/**
 * What the processes alive at the second reading spent between two readings, summed (a process
 * started in between counts from zero; one that exited is not counted). The wait is null if any
 * process lacks it. A thread that exits in between takes its wait with it, so a process's wait
 * never counts below zero.
 */
export function spentBetween(before: Map<string, ProcessCpu>, after: Map<string, ProcessCpu>): ProcessCpu {
  const total: ProcessCpu = { user: 0, system: 0, waitMs: 0, mainWaitMs: 0 };
  const waitSince = (sum: number | null, now: number | null, then: number | null) =>
    sum === null || now === null || then === null ? null : sum + Math.max(0, now - then);
  for (const [pid, now] of after) {
    const then = before.get(pid) ?? { user: 0, system: 0, waitMs: 0, mainWaitMs: 0 };
    total.user += Math.max(0, now.user - then.user);
    total.system += Math.max(0, now.system - then.system);
    total.waitMs = waitSince(total.waitMs, now.waitMs, then.waitMs);
    total.mainWaitMs = waitSince(total.mainWaitMs, now.mainWaitMs, then.mainWaitMs);
  }
  return total;
}
