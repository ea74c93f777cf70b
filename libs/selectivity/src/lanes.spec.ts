import { higherLane, laneForScore, thresholdsFor } from './lanes';
import type { RulesetSettings } from './ruleset';

describe(laneForScore.name, () => {
  const thresholds = { red: 70, yellow: 45, blue: 25 };

  it.each([
    [0, 'GREEN'],
    [24.99, 'GREEN'],
    [25, 'BLUE'],
    [45, 'YELLOW'],
    [69.99, 'YELLOW'],
    [70, 'RED'],
    [100, 'RED'],
  ])('puts score %p in lane %p', (score, lane) => {
    expect(laneForScore(score, thresholds)).toBe(lane);
  });
});

describe(higherLane.name, () => {
  it('orders lanes GREEN < BLUE < YELLOW < RED', () => {
    expect(higherLane('GREEN', 'BLUE')).toBe('BLUE');
    expect(higherLane('YELLOW', 'BLUE')).toBe('YELLOW');
    expect(higherLane('RED', 'YELLOW')).toBe('RED');
    expect(higherLane('GREEN', 'GREEN')).toBe('GREEN');
  });
});

describe(thresholdsFor.name, () => {
  const settings = {
    lanes: {
      default: { red: 70, yellow: 45, blue: 25 },
      byType: { EXPORT: { red: 80, yellow: 55, blue: 35 } },
      byOffice: { BEZEE000: { red: 60, yellow: 40, blue: 20 } },
    },
  } as unknown as RulesetSettings;

  it('prefers the office, then the declaration type, then the default', () => {
    expect(thresholdsFor(settings, 'EXPORT', 'BEZEE000')).toEqual({ red: 60, yellow: 40, blue: 20 });
    expect(thresholdsFor(settings, 'EXPORT', 'BEANR000')).toEqual({ red: 80, yellow: 55, blue: 35 });
    expect(thresholdsFor(settings, 'IMPORT', 'BEANR000')).toEqual({ red: 70, yellow: 45, blue: 25 });
  });
});
