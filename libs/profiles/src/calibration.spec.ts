import { SeededRandom, aDeclaration, anItem } from '@app/testing';
import { calibrate, type HistoryEvent } from './calibration';
import { DEFAULT_PROFILE_SETTINGS } from './profile-settings';

describe(calibrate.name, () => {
  it('learns that the dimension which decides the outcome matters most', () => {
    const random = new SeededRandom(11);
    const riskyOrigins = new Set(['AA', 'BB']);
    const origins = ['AA', 'BB', 'CC', 'DD', 'EE', 'FF'];
    const events: HistoryEvent[] = [];
    for (let i = 0; i < 3000; i += 1) {
      const origin = random.pick(origins);
      const hit = riskyOrigins.has(origin) ? random.chance(0.7) : random.chance(0.05);
      events.push({
        declaration: aDeclaration({
          declarationId: `D${i}`,
          importer: { id: `IMP-${random.int(1, 500)}` },
          countryOfDeparture: origin,
          items: [anItem({ hsCode: '440711', countryOfOrigin: origin })],
        }),
        result: hit ? 'IRREGULARITY' : 'NO_FINDING',
        at: new Date(Date.parse('2026-01-01T00:00:00Z') + Math.floor(i / 30) * 86_400_000),
      });
    }
    const { settings, trainingRows } = calibrate(events, DEFAULT_PROFILE_SETTINGS, { iterations: 200 });
    expect(trainingRows).toBe(2700);
    // Origin is carried by several correlated dimensions; together they must dominate.
    const originDimensions = ['origin', 'departure', 'hs6xorigin', 'hs4xorigin', 'originxdeparture', 'hs6xdeparture'];
    const originWeight = originDimensions.reduce((sum, name) => sum + (settings.weights[name] ?? 0), 0);
    expect(originWeight).toBeGreaterThan(0.4);
    expect(settings.weights.importer ?? 0).toBeLessThan(0.05);
  });
});
