import { cpuTicksOf, readProcessCpu, runQueueWaitMs, spentBetween, type ProcessCpu } from './process-cpu';

describe('runQueueWaitMs', () => {
  it('reads the second field of a schedstat line, in ms', () => {
    expect(runQueueWaitMs('81234567890 2500000 1234\n')).toBe(2.5);
  });

  it('gives null for a line it cannot read', () => {
    expect(runQueueWaitMs('')).toBeNull();
    expect(runQueueWaitMs('12 x 3')).toBeNull();
  });
});

describe('cpuTicksOf', () => {
  it('reads user and system ticks after the command name, even one with spaces and parentheses', () => {
    const stat = '4242 (node (risk) engine) S 1 4242 4242 0 -1 4194560 100 0 0 0 731 112 0 0 20 0 11 0 5000 1000000 20000';
    expect(cpuTicksOf(stat)).toEqual({ user: 731, system: 112 });
  });
});

describe('spentBetween', () => {
  const at = (user: number, system: number, waitMs: number | null, mainWaitMs = waitMs): ProcessCpu => ({
    user,
    system,
    waitMs,
    mainWaitMs,
  });

  it('sums what each process alive at the second reading spent, counting a new one from zero', () => {
    const before = new Map([
      ['10', at(100, 20, 50, 30)],
      ['11', at(5, 5, 1)],
    ]);
    const after = new Map([
      ['10', at(160, 30, 80, 40)],
      ['12', at(7, 1, 4, 2)],
    ]);
    expect(spentBetween(before, after)).toEqual({ user: 67, system: 11, waitMs: 34, mainWaitMs: 12 });
  });

  it('never counts a wait below zero (a thread that exited took its wait with it)', () => {
    expect(spentBetween(new Map([['10', at(1, 1, 90)]]), new Map([['10', at(2, 1, 40)]])).waitMs).toBe(0);
  });

  it('has no wait when a process has none', () => {
    expect(
      spentBetween(
        new Map(),
        new Map([
          ['10', at(1, 1, null)],
          ['11', at(1, 1, 5)],
        ]),
      ).waitMs,
    ).toBeNull();
  });
});

describe('readProcessCpu', () => {
  it('reads this process: CPU ticks that grow with work, and a wait where the kernel keeps schedstat', () => {
    const before = readProcessCpu(String(process.pid));
    const until = Date.now() + 120;
    let spin = 0;
    while (Date.now() < until) spin += 1;
    const after = readProcessCpu(String(process.pid));
    expect(spin).toBeGreaterThan(0);
    expect(before).not.toBeNull();
    expect(after!.user + after!.system).toBeGreaterThan(before!.user + before!.system);
    if (after!.waitMs !== null) {
      expect(after!.waitMs).toBeGreaterThanOrEqual(before!.waitMs ?? 0);
      expect(after!.mainWaitMs).toBeGreaterThanOrEqual(0);
      expect(after!.mainWaitMs).toBeLessThanOrEqual(after!.waitMs);
    }
  });

  it('gives null for a process that does not exist', () => {
    expect(readProcessCpu('999999999')).toBeNull();
  });
});
