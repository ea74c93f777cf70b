/**
 * Combines independent risk contributions (each 0 to 100) into one 0 to 100 score with a
 * probabilistic OR: score = 100 * (1 - prod(1 - w_i / 100)). See docs/adr/0003-score-formula.md.
 */
export function combineContributions(weights: readonly number[]): number {
  let clear = 1;
  for (const weight of weights) {
    const bounded = Math.min(100, Math.max(0, weight));
    clear *= 1 - bounded / 100;
  }
  return roundScore(100 * (1 - clear));
}

export function roundScore(value: number): number {
  return Math.round(Math.min(100, Math.max(0, value)) * 100) / 100;
}
