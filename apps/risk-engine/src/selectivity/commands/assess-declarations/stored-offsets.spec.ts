import { StoredOffsets } from './stored-offsets';

const TOPIC = 'customs.declarations.v1';

describe('StoredOffsets', () => {
  it('commits a batch stored in order at once, and one stored early only when the batches before it are', () => {
    const sut = new StoredOffsets();
    const first = sut.track(TOPIC, 0, '0', '10');
    const second = sut.track(TOPIC, 0, '10', '20');
    const third = sut.track(TOPIC, 0, '20', '30');
    expect(sut.stored(first)).toBe('10');
    expect(sut.stored(third)).toBeNull();
    expect(sut.pending).toBe(2);
    expect(sut.stored(second)).toBe('30');
    expect(sut.pending).toBe(0);
  });

  it('keeps partitions apart', () => {
    const sut = new StoredOffsets();
    const zero = sut.track(TOPIC, 0, '0', '5');
    const one = sut.track(TOPIC, 1, '7', '9');
    expect(sut.stored(one)).toBe('9');
    expect(sut.stored(zero)).toBe('5');
  });

  it('sends a failed partition back to its oldest batch not stored, and ignores the stale batches after that', () => {
    const sut = new StoredOffsets();
    const stored = sut.track(TOPIC, 0, '0', '10');
    const pending = sut.track(TOPIC, 0, '10', '20');
    const failing = sut.track(TOPIC, 0, '20', '30');
    const later = sut.track(TOPIC, 0, '30', '40');
    expect(sut.stored(stored)).toBe('10');
    // The batch at 20 fails while the one at 10 is still being written: reading again from 10
    // is what keeps the declarations from 10 on from being skipped.
    expect(sut.failed(failing)).toBe('10');
    expect(sut.pending).toBe(0);
    expect(sut.stored(later)).toBeNull();
    expect(sut.stored(pending)).toBeNull();
    expect(sut.failed(pending)).toBeNull();
    // The partition read again from 10 commits as before.
    const again = sut.track(TOPIC, 0, '10', '40');
    expect(sut.stored(again)).toBe('40');
  });

  it('resumes at the failed batch itself when nothing before it is pending', () => {
    const sut = new StoredOffsets();
    const done = sut.track(TOPIC, 2, '100', '150');
    expect(sut.stored(done)).toBe('150');
    const failing = sut.track(TOPIC, 2, '150', '190');
    expect(sut.failed(failing)).toBe('150');
  });
});
