/** What changed between two ruleset versions, for a risk manager's review. */
export interface RulesetDiff {
  rulesAdded: string[];
  rulesRemoved: string[];
  rulesChanged: { ruleId: string; fromVersion: number; toVersion: number; changed: string[] }[];
  settingsChanged: string[];
  profilesChanged: string[];
}

interface RulesetLike {
  settings: object;
  rules: { id: string; version: number }[];
  profiles: object;
}

/** Paths (a.b.c) whose values differ between two JSON values. */
export function changedPaths(before: unknown, after: unknown, prefix = ''): string[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const isRecord = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!isRecord(before) || !isRecord(after)) return [prefix || '(root)'];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.flatMap((key) => changedPaths(before[key], after[key], prefix ? `${prefix}.${key}` : key));
}

export function diffRulesets(from: RulesetLike, to: RulesetLike): RulesetDiff {
  const before = new Map(from.rules.map((rule) => [rule.id, rule]));
  const after = new Map(to.rules.map((rule) => [rule.id, rule]));
  return {
    rulesAdded: [...after.keys()].filter((id) => !before.has(id)).sort(),
    rulesRemoved: [...before.keys()].filter((id) => !after.has(id)).sort(),
    rulesChanged: [...after.values()]
      .filter((rule) => before.has(rule.id))
      .map((rule) => {
        const earlier = before.get(rule.id)!;
        return { ruleId: rule.id, fromVersion: earlier.version, toVersion: rule.version, changed: changedPaths(earlier, rule) };
      })
      .filter((change) => change.changed.length > 0)
      .sort((a, b) => a.ruleId.localeCompare(b.ruleId)),
    settingsChanged: changedPaths(from.settings, to.settings),
    profilesChanged: changedPaths(from.profiles, to.profiles),
  };
}
