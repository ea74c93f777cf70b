import { higherLane, laneForScore } from './lanes';

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
