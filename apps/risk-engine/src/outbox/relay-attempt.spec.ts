import { randomUUID } from 'node:crypto';
import { attemptClaimedAt, newAttemptId } from './relay-attempt';

describe('relay attempt ids', () => {
  it('are version 7 UUIDs that carry the claim time to the millisecond', () => {
    const claimedAt = Date.UTC(2026, 10, 25, 12, 34, 56, 789);
    const attempt = newAttemptId(claimedAt);
    expect(attempt).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(attemptClaimedAt(attempt)).toBe(claimedAt);
    expect(attemptClaimedAt(attempt.toUpperCase())).toBe(claimedAt);
  });

  it('differ when claimed in the same millisecond', () => {
    const ids = new Set(Array.from({ length: 1_000 }, () => newAttemptId(1_764_000_000_000)));
    expect(ids.size).toBe(1_000);
  });

  it('give no claim time for ids of another UUID version or malformed text', () => {
    expect(attemptClaimedAt(randomUUID())).toBeNull();
    expect(attemptClaimedAt('not-a-uuid')).toBeNull();
  });
});
