import { createHash } from 'node:crypto';

/** A reproducible uniform draw in [0, 1) from the declaration id: the same id always draws the same. */
export function controlDraw(declarationId: string): number {
  const digest = createHash('sha256').update(`control-sample:${declarationId}`).digest();
  return digest.readUInt32BE(0) / 0x1_0000_0000;
}

export function isControlSelected(declarationId: string, rate: number): boolean {
  return rate > 0 && controlDraw(declarationId) < rate;
}
