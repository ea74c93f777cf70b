import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RulesetValidationError, buildRuleset, loadRulesetFromDirectory } from './ruleset-loader';
import type { RulesetSettings } from './ruleset';

const RULES_DIR = resolve(__dirname, '../../../rules');

function settings(): RulesetSettings {
  return loadRulesetFromDirectory(RULES_DIR).settings;
}

function validRule(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'TST-001',
    version: 1,
    description: 'test rule',
    rationale: 'exists for the test',
    scope: 'item',
    conditions: { all: [{ fact: 'item', path: '$.hsCode', operator: 'hsPrefixIn', value: ['93'] }] },
    event: { type: 'risk', params: { weight: 50, reasonCode: 'TEST.RULE', message: 'test' } },
    ...overrides,
  };
}

function problemsOf(rule: Record<string, unknown>): string[] {
  try {
    buildRuleset(settings(), [{ origin: 'rules/test.json', rules: [rule] }]);
  } catch (error) {
    if (error instanceof RulesetValidationError) return error.problems;
    throw error;
  }
  return [];
}

describe(loadRulesetFromDirectory.name, () => {
  it('loads the shipped ruleset: at least 25 rules, each saying why it exists', () => {
    const sut = loadRulesetFromDirectory(RULES_DIR);
    expect(sut.settings.version).toMatch(/^\d{4}\.\d+\.\d+$/);
    expect(sut.rules.length).toBeGreaterThanOrEqual(25);
    for (const rule of sut.rules) {
      expect(rule.rationale.length).toBeGreaterThan(40);
    }
  });

  it('rejects a folder without ruleset.json', () => {
    const empty = mkdtempSync(join(tmpdir(), 'rules-'));
    expect(() => loadRulesetFromDirectory(empty)).toThrow('ruleset.json is missing');
  });

  it('rejects a rule file that is not JSON, naming the file', () => {
    const folder = mkdtempSync(join(tmpdir(), 'rules-'));
    writeFileSync(join(folder, 'ruleset.json'), JSON.stringify(settings()));
    writeFileSync(join(folder, 'broken.json'), '{"rules": [');
    expect(() => loadRulesetFromDirectory(folder)).toThrow(/broken\.json/);
  });
});

describe(buildRuleset.name, () => {
  it('accepts a valid rule', () => {
    expect(problemsOf(validRule())).toEqual([]);
  });

  it.each([
    [
      { conditions: { all: [{ fact: 'item', path: '$.hsCode', operator: 'startsWithHs', value: ['93'] }] } },
      'operator "startsWithHs" is unknown',
    ],
    [{ conditions: { all: [{ fact: 'item', path: '$.importerId', operator: 'inList', value: 'noSuchList' }] } }, 'names list "noSuchList"'],
    [
      { conditions: { all: [{ fact: 'item', path: '$.description', operator: 'matchesPattern', value: '(unclosed' }] } },
      'pattern does not compile',
    ],
    [{ conditions: { all: [{ fact: 'item', path: '$.netMassKg', operator: 'between', value: [10, 1] }] } }, 'between needs [min, max]'],
    [{ conditions: { all: [{ fact: 'seizures', operator: 'equal', value: 1 }] } }, 'fact "seizures" is unknown'],
    [{ scope: 'declaration' }, 'fact "item" is only available to rules with scope "item"'],
    [{ event: { type: 'risk', params: { weight: 140, reasonCode: 'X.Y', message: 'm' } } }, 'weight must be a number from 0 to 100'],
    [
      { event: { type: 'risk', params: { weight: 10, minimumLane: 'ORANGE', reasonCode: 'X.Y', message: 'm' } } },
      'minimumLane must be one of',
    ],
    [{ rationale: '' }, 'rationale (why the rule exists) is required'],
    [{ version: 0 }, 'version must be an integer of at least 1'],
  ])('rejects %j naming the rule and the problem', (override, problem) => {
    const problems = problemsOf(validRule(override));
    expect(problems.some((p) => p.startsWith('rules/test.json rule TST-001:') && p.includes(problem))).toBe(true);
  });

  it('rejects a duplicate rule id', () => {
    expect(() => buildRuleset(settings(), [{ origin: 'a.json', rules: [validRule(), validRule()] }])).toThrow(
      'a.json rule TST-001: the id is already used in a.json',
    );
  });

  it('rejects settings with thresholds out of order', () => {
    const bad = { ...settings(), lanes: { default: { red: 30, yellow: 50, blue: 10 } } };
    expect(() => buildRuleset(bad, [])).toThrow('thresholds must satisfy red >= yellow >= blue');
  });
});
