/** Earlier declarations of an importer for a declaration: its count, less the declaration itself when an earlier version counted it. */
export function priorDeclarationsOf(count: number, version: number): number {
  return Math.max(0, count - (version > 1 ? 1 : 0));
}

/**
 * Declaration counts of importers, as last read from history, for importers whose rules no longer
 * depend on the exact count. An importer's count only grows, so a count read once is a lower
 * bound for ever after: when it has reached the active ruleset's importer-history horizon
 * (`importerHistoryHorizon`), scoring with it gives the same decision as scoring with today's
 * count, and the lookup can be skipped. Holds at most `capacity` importers (the oldest entry goes
 * first), about 100 bytes each.
 */
export class EstablishedImporters {
  private readonly counts = new Map<string, number>();

  constructor(private readonly capacity = 100_000) {}

  /**
   * Earlier declarations to score a declaration with, when the importer's count is known to be at
   * the horizon for any version of it (a later version does not count its own first version);
   * undefined when history has to be read.
   */
  priorDeclarations(importerId: string, version: number, horizon: number): number | undefined {
    const count = this.counts.get(importerId);
    if (count === undefined || count < horizon + 1) return undefined;
    return priorDeclarationsOf(count, version);
  }

  /** Records a count read from history (a lower bound of every later count). */
  observe(importerId: string, count: number): void {
    const known = this.counts.get(importerId);
    if (known !== undefined) {
      if (count > known) this.counts.set(importerId, count);
      return;
    }
    if (this.counts.size >= this.capacity) {
      const oldest = this.counts.keys().next();
      if (!oldest.done) this.counts.delete(oldest.value);
    }
    this.counts.set(importerId, count);
  }

  get size(): number {
    return this.counts.size;
  }
}
