import { estimateHitRate, type SelectionOutcome } from './hit-rate-estimate';
import { DEFAULT_FEEDBACK_SETTINGS, proposeWeight, reviewRule } from './rule-review';

const outcomes = (inspections: number, hits: number, control = false): SelectionOutcome[] =>
  Array.from({ length: inspections }, (_, i) => ({ inspected: true, hit: i < hits, seizure: false, revenueRecovered: 0, control }));

describe(reviewRule.name, () => {
  it('flags a rule whose hit rate stays under the floor over enough inspections', () => {
    const finding = reviewRule(estimateHitRate(outcomes(40, 1)), DEFAULT_FEEDBACK_SETTINGS);
    expect(finding).toEqual({ flagged: true, reason: 'Hit rate 2.5% over 40 inspections is below the floor of 5.0%' });
  });

  it('does not judge a rule on too few inspections', () => {
    expect(reviewRule(estimateHitRate(outcomes(20, 0)), DEFAULT_FEEDBACK_SETTINGS).flagged).toBe(false);
  });

  it('does not flag a rule that finds things', () => {
    expect(reviewRule(estimateHitRate(outcomes(40, 10)), DEFAULT_FEEDBACK_SETTINGS).flagged).toBe(false);
  });
});

describe(proposeWeight.name, () => {
  it('moves the weight toward the excess risk the rule marks, one bounded step at a time', () => {
    // 60% hit rate against a 20% base rate supports 100 * 0.4 / 0.8 = 50 points.
    const estimate = estimateHitRate(outcomes(100, 60, true));
    expect(proposeWeight(30, { min: 10, max: 80 }, estimate, 0.2, DEFAULT_FEEDBACK_SETTINGS)).toMatchObject({
      proposedWeight: 45,
      basis: 'CONTROL',
      hitRate: 0.6,
    });
    expect(proposeWeight(45, { min: 10, max: 80 }, estimate, 0.2, DEFAULT_FEEDBACK_SETTINGS)).toMatchObject({ proposedWeight: 50 });
  });

  it('stays within the bounds risk managers set', () => {
    const estimate = estimateHitRate(outcomes(100, 0));
    expect(proposeWeight(30, { min: 25, max: 40 }, estimate, 0.2, DEFAULT_FEEDBACK_SETTINGS)?.proposedWeight).toBe(25);
  });

  it('proposes nothing before enough inspections', () => {
    expect(proposeWeight(30, { min: 0, max: 100 }, estimateHitRate(outcomes(10, 5)), 0.2, DEFAULT_FEEDBACK_SETTINGS)).toBeNull();
  });
});
