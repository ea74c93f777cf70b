import { Evidence } from './evidence';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');

describe(Evidence.name, () => {
  it('keeps raw totals and decayed counts', () => {
    const sut = new Evidence();
    sut.add(T0, true, true, 500, 365);
    sut.add(T0, false, false, 0, 365);
    expect(sut.at(T0, 365)).toEqual({ inspections: 2, hits: 1 });
    expect([sut.totalInspections, sut.totalHits, sut.totalSeizures, sut.revenueRecovered]).toEqual([2, 1, 1, 500]);
  });

  it('halves the weight of evidence after one half-life', () => {
    const sut = new Evidence();
    sut.add(T0, true, false, 0, 100);
    const later = sut.at(T0 + 100 * DAY, 100);
    expect(later.inspections).toBeCloseTo(0.5, 10);
    expect(later.hits).toBeCloseTo(0.5, 10);
  });

  it('lets late, older evidence in already decayed', () => {
    const sut = new Evidence();
    sut.add(T0 + 200 * DAY, false, false, 0, 200);
    sut.add(T0, true, false, 0, 200);
    const now = sut.at(T0 + 200 * DAY, 200);
    expect(now.inspections).toBeCloseTo(1.5, 10);
    expect(now.hits).toBeCloseTo(0.5, 10);
  });

  it('does not amplify evidence when read at an earlier time', () => {
    const sut = new Evidence();
    sut.add(T0, true, false, 0, 30);
    expect(sut.at(T0 - 10 * DAY, 30)).toEqual({ inspections: 1, hits: 1 });
  });
});
