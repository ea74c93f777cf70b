/**
 * The engine's garbage collections, as its Prometheus endpoint counts them (prom-client's
 * `nodejs_gc_duration_seconds`, by kind): scavenges of V8's young generation ("minor") and
 * mark-compacts of the whole heap ("major"). A scavenge's pause grows with what it copies: the
 * objects that outlive it, which the next one promotes to the old generation (ADR 0009).
 */
export type GcTotals = Map<string, { count: number; seconds: number }>;

const GC_LINE = /^risk_engine_nodejs_gc_duration_seconds_(count|sum)\{kind="(\w+)"\} (\S+)$/gm;

/** Adds one scrape of an engine's metrics to `totals`. */
export function addGcTotals(totals: GcTotals, metrics: string): GcTotals {
  for (const [, field, kind = '', value] of metrics.matchAll(GC_LINE)) {
    const total = totals.get(kind) ?? { count: 0, seconds: 0 };
    if (field === 'count') total.count += Number(value);
    else total.seconds += Number(value);
    totals.set(kind, total);
  }
  return totals;
}

/** The collections of the engine processes listening on `ports` so far, summed. */
export async function scrapeGcTotals(ports: number[]): Promise<GcTotals> {
  const totals: GcTotals = new Map();
  for (const port of ports) addGcTotals(totals, await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
  return totals;
}

/** How many collections of each kind fell between two scrapes, and how long they paused the engine. */
export function describeGc(before: GcTotals, after: GcTotals, seconds: number): string {
  const part = (kind: string, label: string) => {
    const count = (after.get(kind)?.count ?? 0) - (before.get(kind)?.count ?? 0);
    const ms = ((after.get(kind)?.seconds ?? 0) - (before.get(kind)?.seconds ?? 0)) * 1000;
    return `${count} ${label} (${ms.toFixed(0)} ms in all${count > 0 ? `, ${(ms / count).toFixed(1)} ms each` : ''})`;
  };
  return `${part('minor', 'scavenges')} and ${part('major', 'mark-compacts')} in ${seconds.toFixed(0)} s`;
}
