import { diffRulesets } from './ruleset-diff';

describe(diffRulesets.name, () => {
  it('lists added, removed and changed rules and settings', () => {
    const from = {
      settings: { version: '1', lanes: { red: 70 } },
      profiles: { halfLifeDays: 365 },
      rules: [
        { id: 'A', version: 1, weight: 10 },
        { id: 'B', version: 1, weight: 20 },
      ],
    };
    const to = {
      settings: { version: '2', lanes: { red: 60 } },
      profiles: { halfLifeDays: 365 },
      rules: [
        { id: 'A', version: 2, weight: 15 },
        { id: 'C', version: 1, weight: 5 },
      ],
    };
    expect(diffRulesets(from, to)).toEqual({
      rulesAdded: ['C'],
      rulesRemoved: ['B'],
      rulesChanged: [{ ruleId: 'A', fromVersion: 1, toVersion: 2, changed: ['version', 'weight'] }],
      settingsChanged: ['lanes.red', 'version'],
      profilesChanged: [],
    });
  });
});
