import { createHash } from 'node:crypto';

/** Deterministic UUID (v5 layout over SHA-256) for the decision on one declaration version. */
export function decisionIdFor(declarationId: string, declarationVersion: number): string {
  const hex = createHash('sha256').update(`decision:${declarationId}\u0000${declarationVersion}`).digest('hex');
  const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
