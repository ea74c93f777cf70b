import { combineContributions } from './score';

describe(combineContributions.name, () => {
  it('is 0 with no contributions', () => {
    expect(combineContributions([])).toBe(0);
  });

  it('returns a single contribution unchanged', () => {
    expect(combineContributions([35])).toBe(35);
  });

  it('combines contributions as a probabilistic OR', () => {
    // 1 - (0.5 * 0.6) = 0.7
    expect(combineContributions([50, 40])).toBe(70);
  });

  it('never exceeds 100 and reaches it with a certain contribution', () => {
    expect(combineContributions([100, 10])).toBe(100);
    expect(combineContributions([90, 90, 90, 90])).toBe(99.99);
  });

  it('clamps contributions outside 0 to 100', () => {
    expect(combineContributions([-20, 150])).toBe(100);
  });
});
