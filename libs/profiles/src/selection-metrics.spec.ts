import { selectionAtK } from './selection-metrics';

describe(selectionAtK.name, () => {
  it('measures precision, recall and lift of the top k%', () => {
    // 100 declarations, 20 hits; the 5 best scored are hits, then 5 misses.
    const outcomes = Array.from({ length: 100 }, (_, i) => ({ score: 100 - i, hit: i < 5 || (i >= 10 && i < 25) }));
    const [top5, top10] = selectionAtK(outcomes, [5, 10]);
    expect(top5).toEqual({ k: 5, selected: 5, hits: 5, precision: 1, recall: 0.25, lift: 5 });
    expect(top10).toEqual({ k: 10, selected: 10, hits: 5, precision: 0.5, recall: 0.25, lift: 2.5 });
  });
});
