const DAY_MS = 86_400_000;

/**
 * Inspection evidence for one profile key, with exponential time decay: evidence loses half its
 * weight every `halfLifeDays`. Raw totals are kept alongside for officers to read.
 */
export class Evidence {
  /** Decayed counts as of `referenceMs`. */
  private inspections = 0;
  private hits = 0;
  private referenceMs = 0;
  totalInspections = 0;
  totalHits = 0;
  totalSeizures = 0;
  revenueRecovered = 0;
  lastInspectionMs = 0;
  lastHitMs = 0;
  /** lastHitMs as an ISO timestamp, formatted once per hit rather than once per read. */
  private lastHitIso: string | null = null;
  private lastHitIsoMs = 0;

  add(atMs: number, hit: boolean, seizure: boolean, revenue: number, halfLifeDays: number): void {
    // Late evidence (older than what is already held) enters already decayed.
    const weight = atMs < this.referenceMs ? decay(this.referenceMs - atMs, halfLifeDays) : 1;
    const factor = this.decayTo(atMs, halfLifeDays);
    this.inspections = this.inspections * factor + weight;
    this.hits = this.hits * factor + (hit ? weight : 0);
    this.referenceMs = Math.max(this.referenceMs, atMs);
    this.totalInspections += 1;
    if (hit) {
      this.totalHits += 1;
      this.lastHitMs = Math.max(this.lastHitMs, atMs);
    }
    if (seizure) this.totalSeizures += 1;
    this.revenueRecovered += revenue;
    this.lastInspectionMs = Math.max(this.lastInspectionMs, atMs);
  }

  /** When the last hit was, as an ISO timestamp; null before the first. */
  get lastHitAt(): string | null {
    if (this.lastHitMs <= 0) return null;
    if (this.lastHitIsoMs !== this.lastHitMs) {
      this.lastHitIso = new Date(this.lastHitMs).toISOString();
      this.lastHitIsoMs = this.lastHitMs;
    }
    return this.lastHitIso;
  }

  /** Decayed inspections and hits as seen at `atMs` (evidence from the future is not amplified). */
  at(atMs: number, halfLifeDays: number): { inspections: number; hits: number } {
    const factor = this.decayTo(atMs, halfLifeDays);
    return { inspections: this.inspections * factor, hits: this.hits * factor };
  }

  private decayTo(atMs: number, halfLifeDays: number): number {
    if (this.referenceMs === 0 || atMs <= this.referenceMs) return 1;
    return decay(atMs - this.referenceMs, halfLifeDays);
  }
}

function decay(ageMs: number, halfLifeDays: number): number {
  return Number.isFinite(halfLifeDays) ? Math.pow(0.5, ageMs / (halfLifeDays * DAY_MS)) : 1;
}
