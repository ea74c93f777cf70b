import { OffsetCommits, type PartitionOffset } from './offset-commits';

const TOPIC = 'customs.declarations.v1';
const at = (partition: number, offset: string): PartitionOffset => ({ topic: TOPIC, partition, offset });

/** Commit requests the test answers one by one. */
class HeldCommits {
  readonly requests: { offsets: PartitionOffset[]; answer: (error?: Error) => void }[] = [];

  commit = (offsets: PartitionOffset[]): Promise<void> =>
    new Promise((resolve, reject) => this.requests.push({ offsets, answer: (error) => (error ? reject(error) : resolve()) }));
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('OffsetCommits', () => {
  it('sends one request at a time, and what was scheduled meanwhile together, the latest offset of each partition', async () => {
    const held = new HeldCommits();
    const sut = new OffsetCommits(held.commit, () => undefined);
    sut.schedule(at(0, '10'));
    sut.schedule(at(0, '20'));
    sut.schedule(at(1, '5'));
    sut.schedule(at(0, '30'));
    await settle();
    expect(held.requests.map((request) => request.offsets)).toEqual([[at(0, '10')]]);
    held.requests[0]?.answer();
    await settle();
    expect(held.requests[1]?.offsets).toEqual([at(0, '30'), at(1, '5')]);
    const flushed = sut.flush();
    held.requests[1]?.answer();
    await flushed;
    expect(held.requests).toHaveLength(2);
  });

  it('tries a failed request again with what was scheduled since, and gives up after the attempts allowed', async () => {
    const held = new HeldCommits();
    const failures: { offsets: PartitionOffset[]; willRetry: boolean }[] = [];
    const sut = new OffsetCommits(held.commit, (_error, offsets, willRetry) => failures.push({ offsets, willRetry }), {
      retryDelayMs: 1,
      attempts: 2,
    });
    sut.schedule(at(0, '10'));
    sut.schedule(at(1, '3'));
    await settle();
    sut.schedule(at(1, '4'));
    held.requests[0]?.answer(new Error('REBALANCE_IN_PROGRESS'));
    while (held.requests.length < 2) await settle();
    expect(held.requests[1]?.offsets).toEqual([at(1, '4'), at(0, '10')]);
    const flushed = sut.flush();
    held.requests[1]?.answer(new Error('REBALANCE_IN_PROGRESS'));
    await flushed;
    expect(failures.map((failure) => failure.willRetry)).toEqual([true, false]);
    expect(held.requests).toHaveLength(2);
  });

  it('flushes at once when nothing is scheduled', async () => {
    const held = new HeldCommits();
    await new OffsetCommits(held.commit, () => undefined).flush();
    expect(held.requests).toHaveLength(0);
  });
});
