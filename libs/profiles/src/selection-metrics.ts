/** One scored declaration with what its inspection found. */
export interface ScoredOutcome {
  score: number;
  hit: boolean;
}

export interface SelectionAtK {
  /** Share of declarations selected, in percent. */
  k: number;
  selected: number;
  hits: number;
  precision: number;
  recall: number;
  /** Precision over the hit rate of random selection. */
  lift: number;
}

/**
 * Precision and recall when the top k% by score are inspected (ties broken by input order),
 * against random selection.
 */
export function selectionAtK(outcomes: ScoredOutcome[], ks: number[] = [1, 2, 5, 10]): SelectionAtK[] {
  const totalHits = outcomes.filter((o) => o.hit).length;
  const baseRate = outcomes.length > 0 ? totalHits / outcomes.length : 0;
  const ranked = outcomes.map((o, i) => ({ ...o, i })).sort((a, b) => b.score - a.score || a.i - b.i);
  return ks.map((k) => {
    const selected = Math.max(1, Math.floor((outcomes.length * k) / 100));
    const hits = ranked.slice(0, selected).filter((o) => o.hit).length;
    const precision = hits / selected;
    return {
      k,
      selected,
      hits,
      precision,
      recall: totalHits > 0 ? hits / totalHits : 0,
      lift: baseRate > 0 ? precision / baseRate : 0,
    };
  });
}
