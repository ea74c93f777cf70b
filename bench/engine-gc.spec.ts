import { addGcTotals, describeGc, type GcTotals } from './engine-gc';

const scrape = (minor: [number, number], major: [number, number]) =>
  [
    '# HELP risk_engine_nodejs_gc_duration_seconds Garbage collection duration by kind, one of major, minor, incremental or weakcb.',
    'risk_engine_nodejs_gc_duration_seconds_bucket{le="0.001",kind="minor"} 3',
    `risk_engine_nodejs_gc_duration_seconds_sum{kind="minor"} ${minor[1]}`,
    `risk_engine_nodejs_gc_duration_seconds_count{kind="minor"} ${minor[0]}`,
    `risk_engine_nodejs_gc_duration_seconds_sum{kind="major"} ${major[1]}`,
    `risk_engine_nodejs_gc_duration_seconds_count{kind="major"} ${major[0]}`,
    'risk_engine_nodejs_gc_duration_seconds_count{kind="incremental"} 7',
  ].join('\n');

describe('addGcTotals', () => {
  it('reads the count and the summed seconds of each kind, and adds the scrapes of several processes', () => {
    const totals: GcTotals = new Map();
    addGcTotals(totals, scrape([40, 0.1], [2, 0.012]));
    addGcTotals(totals, scrape([10, 0.05], [0, 0]));
    expect(totals.get('minor')).toEqual({ count: 50, seconds: expect.closeTo(0.15, 10) as number });
    expect(totals.get('major')).toEqual({ count: 2, seconds: 0.012 });
    expect(totals.get('incremental')).toEqual({ count: 14, seconds: 0 });
  });

  it('leaves the totals as they were for a scrape without the metric', () => {
    expect(addGcTotals(new Map(), 'risk_engine_outbox_backlog 0\n').size).toBe(0);
  });
});

describe('describeGc', () => {
  it('gives the collections between two scrapes, their total pause and the pause of each', () => {
    const before = addGcTotals(new Map(), scrape([100, 0.3], [4, 0.02]));
    const after = addGcTotals(new Map(), scrape([150, 0.425], [4, 0.02]));
    expect(describeGc(before, after, 20)).toBe('50 scavenges (125 ms in all, 2.5 ms each) and 0 mark-compacts (0 ms in all) in 20 s');
  });
});
