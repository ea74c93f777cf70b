import { burstsFrom, splitByBursts, type CpuSample } from './kernel-bursts';

/** Readings every 4 ms from t = 1000 ms; `ran[i]` is the CPU ms the thread used between reading i and i + 1. */
function readings(ran: number[]): CpuSample[] {
  let cpuNs = 5e9;
  const samples: CpuSample[] = [{ at: 1000, cpuNs }];
  ran.forEach((ms, index) => {
    cpuNs += ms * 1e6;
    samples.push({ at: 1000 + 4 * (index + 1), cpuNs });
  });
  return samples;
}

describe('burstsFrom', () => {
  it('makes one burst of consecutive readings in which the thread ran, from the reading before to the reading after', () => {
    expect(burstsFrom(readings([0, 0, 3, 4, 2.5, 0, 0]))).toEqual([{ start: 1008, end: 1020, cpuMs: 9.5 }]);
  });

  it('joins bursts less than joinMs apart and keeps those further apart separate', () => {
    // ran at 1000-1004, at 1012-1016 (8 ms after: joined), at 1048-1052 (32 ms after: separate)
    const samples = readings([1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1.5]);
    expect(burstsFrom(samples, 20)).toEqual([
      { start: 1000, end: 1016, cpuMs: 3 },
      { start: 1048, end: 1052, cpuMs: 1.5 },
    ]);
    expect(burstsFrom(samples, 5)).toHaveLength(3);
  });

  it('finds no burst in a thread that never ran, nor in fewer than two readings', () => {
    expect(burstsFrom(readings([0, 0, 0]))).toEqual([]);
    expect(burstsFrom([{ at: 1, cpuNs: 10 }])).toEqual([]);
  });
});

describe('splitByBursts', () => {
  const bursts = [
    { start: 100, end: 120, cpuMs: 15 },
    { start: 600, end: 625, cpuMs: 20 },
  ];

  it('counts a request in flight at any moment of a burst as during it, and every other request as outside', () => {
    const requests = [
      { sentAt: 90, ms: 5 }, // answered at 95, before the first burst
      { sentAt: 95, ms: 6 }, // answered at 101, inside it
      { sentAt: 110, ms: 30 }, // sent inside it
      { sentAt: 80, ms: 50 }, // spans it
      { sentAt: 121, ms: 3 }, // sent after it ended
      { sentAt: 590, ms: 10 }, // answered at 600, as the second began
      { sentAt: 300, ms: 40 },
    ];
    expect(splitByBursts(requests, bursts)).toEqual({ during: [6, 30, 50, 10], outside: [5, 3, 40] });
  });

  it('puts every request outside when there were no bursts', () => {
    expect(splitByBursts([{ sentAt: 1, ms: 2 }], [])).toEqual({ during: [], outside: [2] });
  });
});
