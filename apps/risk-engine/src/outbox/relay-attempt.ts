import { randomBytes } from 'node:crypto';

/** The message header that names the relay attempt whose Kafka transaction carried the message. */
export const ATTEMPT_HEADER = 'outbox-attempt';

/**
 * A relay attempt id: a UUID version 7, whose first 48 bits are the Unix time in milliseconds at
 * which the relay claimed the batch. A relay that takes over reads the output topics from that
 * time on to learn whether the attempt's transaction committed (ADR 0004, fourth addendum).
 */
export function newAttemptId(now: number = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** When the relay claimed the batch of this attempt, or null for an id that is not a version 7 UUID. */
export function attemptClaimedAt(attempt: string): number | null {
  const hex = attempt.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex) || hex[12] !== '7') return null;
  return parseInt(hex.slice(0, 12), 16);
}
