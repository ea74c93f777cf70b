import { resolve } from 'node:path';
import { withCalibratedWeights } from './calibrated-ruleset';
import { loadRulesetFromDirectory } from './ruleset-loader';

const base = loadRulesetFromDirectory(resolve(__dirname, '../../../rules'));

describe(withCalibratedWeights.name, () => {
  it('replaces the weights and names the calibrated version', () => {
    const sut = withCalibratedWeights(base, new Map([['ENV-002', 30]]));
    expect(sut.settings.version).toMatch(/^2026\.11\.1\+cal\.[0-9a-f]{8}$/);
    expect(sut.rules.find((rule) => rule.id === 'ENV-002')?.event.params.weight).toBe(30);
    expect(sut.rules.find((rule) => rule.id === 'DRG-001')).toBe(base.rules.find((rule) => rule.id === 'DRG-001'));
  });

  it('gives the same version for the same weights, another for other weights', () => {
    const a = withCalibratedWeights(
      base,
      new Map([
        ['ENV-002', 30],
        ['DRG-001', 70],
      ]),
    );
    const b = withCalibratedWeights(
      base,
      new Map([
        ['DRG-001', 70],
        ['ENV-002', 30],
      ]),
    );
    const c = withCalibratedWeights(base, new Map([['ENV-002', 31]]));
    expect(a.settings.version).toBe(b.settings.version);
    expect(c.settings.version).not.toBe(a.settings.version);
  });

  it('leaves the ruleset as authored without calibrations', () => {
    expect(withCalibratedWeights(base, new Map())).toBe(base);
  });
});
