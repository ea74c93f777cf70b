import { SeededRandom } from '@app/testing';
import { estimateHitRate, wilsonInterval, type SelectionOutcome } from './hit-rate-estimate';

describe(estimateHitRate.name, () => {
  it('estimates the true hit rate from the control sample where inspection follows the score', () => {
    // 40,000 declarations on which a rule fires; its true hit rate is 12%. A score that is
    // informative (hits score higher) decides which get inspected: the top 10% by score, plus a
    // 5% random control sample inspected whatever the score.
    const random = new SeededRandom(2026);
    const TRUE_RATE = 0.12;
    const population = Array.from({ length: 40_000 }, () => {
      const hit = random.chance(TRUE_RATE);
      return { hit, score: random.next() + (hit ? 0.6 : 0), control: random.chance(0.05) };
    });
    const cut = [...population].sort((a, b) => b.score - a.score)[Math.floor(population.length * 0.1)]!.score;
    const outcomes: SelectionOutcome[] = population.map((d) => ({
      inspected: d.control || d.score > cut,
      hit: d.hit,
      seizure: false,
      revenueRecovered: 0,
      control: d.control,
    }));

    const sut = estimateHitRate(outcomes);

    expect(sut.selections).toBe(40_000);
    expect(sut.controlInspections).toBeGreaterThan(1_800);
    // The observed rate is far off: inspection picked the likely hits.
    expect(sut.hitRate!).toBeGreaterThan(0.3);
    // The control-sample estimate covers the true rate and is close to it.
    expect(sut.unbiasedHitRateInterval!.low).toBeLessThan(TRUE_RATE);
    expect(sut.unbiasedHitRateInterval!.high).toBeGreaterThan(TRUE_RATE);
    expect(Math.abs(sut.unbiasedHitRate! - TRUE_RATE)).toBeLessThan(0.02);
  });

  it('counts seizures and revenue over inspected selections only', () => {
    const sut = estimateHitRate([
      { inspected: true, hit: true, seizure: true, revenueRecovered: 100, control: false },
      { inspected: true, hit: false, seizure: false, revenueRecovered: 0, control: true },
      { inspected: false, hit: false, seizure: false, revenueRecovered: 0, control: false },
    ]);
    expect(sut).toMatchObject({
      selections: 3,
      inspections: 2,
      hits: 1,
      seizures: 1,
      revenueRecovered: 100,
      hitRate: 0.5,
      controlInspections: 1,
      controlHits: 0,
      unbiasedHitRate: 0,
    });
  });
});

describe(wilsonInterval.name, () => {
  it('gives the textbook interval for 10 of 100', () => {
    const interval = wilsonInterval(10, 100)!;
    expect(interval.low).toBeCloseTo(0.0552, 3);
    expect(interval.high).toBeCloseTo(0.1744, 3);
  });

  it('has no interval without trials', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});
