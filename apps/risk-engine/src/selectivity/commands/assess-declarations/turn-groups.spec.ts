import { TurnGroups } from './turn-groups';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs whose results the test releases, so that groups can be observed while they run. */
class HeldRuns {
  readonly groups: { items: string[]; release: () => void }[] = [];

  run = (items: string[]): Promise<string[]> =>
    new Promise((resolve) => this.groups.push({ items, release: () => resolve(items.map((item) => `done:${item}`)) }));
}

describe('TurnGroups', () => {
  it('runs the submissions of one turn as one group and gives each submitter the results of its own items', async () => {
    const runs = new HeldRuns();
    const groups = new TurnGroups(runs.run, { maxInFlight: 2, maxWeight: 100, weight: () => 1 });
    const first = groups.submit(['a1', 'a2']);
    const second = groups.submit(['b1']);
    const third = groups.submit(['c1', 'c2', 'c3']);
    await turn();
    expect(runs.groups.map((group) => group.items)).toEqual([['a1', 'a2', 'b1', 'c1', 'c2', 'c3']]);
    runs.groups[0]?.release();
    expect(await Promise.all([first, second, third])).toEqual([['done:a1', 'done:a2'], ['done:b1'], ['done:c1', 'done:c2', 'done:c3']]);
  });

  it('closes a group when the next submission would pass the weight limit, and never splits a submission', async () => {
    const runs = new HeldRuns();
    const groups = new TurnGroups(runs.run, { maxInFlight: 5, maxWeight: 10, weight: (item: string) => Number(item.split(':')[1]) });
    const submitted = [['w:4', 'w:4'], ['w:2'], ['w:3'], ['w:25'], ['w:1']].map((items) => groups.submit(items));
    await turn();
    expect(runs.groups.map((group) => group.items)).toEqual([['w:4', 'w:4', 'w:2'], ['w:3'], ['w:25'], ['w:1']]);
    runs.groups.forEach((group) => group.release());
    expect((await Promise.all(submitted)).map((results) => results.length)).toEqual([2, 1, 1, 1, 1]);
  });

  it('holds submissions while maxInFlight groups run and sends them together when one finishes', async () => {
    const runs = new HeldRuns();
    const groups = new TurnGroups(runs.run, { maxInFlight: 1, maxWeight: 100, weight: () => 1 });
    const busy = groups.submit(['busy']);
    await turn();
    const waiting = [groups.submit(['x']), groups.submit(['y'])];
    await turn();
    await turn();
    expect(runs.groups).toHaveLength(1);
    runs.groups[0]?.release();
    await busy;
    await turn();
    expect(runs.groups.map((group) => group.items)).toEqual([['busy'], ['x', 'y']]);
    runs.groups[1]?.release();
    expect(await Promise.all(waiting)).toEqual([['done:x'], ['done:y']]);
  });

  it('fails every submission of a group whose run failed or returned too few results, and only those', async () => {
    let call = 0;
    const groups = new TurnGroups(
      (items: string[]) => {
        call += 1;
        if (call === 1) return Promise.reject(new Error('database down'));
        if (call === 2) return Promise.resolve(items.slice(1));
        return Promise.resolve(items);
      },
      { maxInFlight: 1, maxWeight: 1, weight: () => 1 },
    );
    const outcomes = await Promise.allSettled([groups.submit(['a']), groups.submit(['b']), groups.submit(['c'])]);
    expect(outcomes.map((outcome) => (outcome.status === 'rejected' ? (outcome.reason as Error).message : outcome.value))).toEqual([
      'database down',
      'a group of 1 items gave 0 results',
      ['c'],
    ]);
  });

  it('tells a submitter when its group starts, which for a held submission is when a group in flight finishes', async () => {
    const runs = new HeldRuns();
    const groups = new TurnGroups(runs.run, { maxInFlight: 1, maxWeight: 100, weight: () => 1 });
    const started: string[] = [];
    const busy = groups.submit(['busy'], () => started.push('busy'));
    await turn();
    const held = groups.submit(['held'], () => started.push('held'));
    await turn();
    expect(started).toEqual(['busy']);
    runs.groups[0]?.release();
    await busy;
    await turn();
    expect(started).toEqual(['busy', 'held']);
    runs.groups[1]?.release();
    expect(await held).toEqual(['done:held']);
  });
});
