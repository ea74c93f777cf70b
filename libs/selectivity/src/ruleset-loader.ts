import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DEFAULT_PROFILE_SETTINGS, validateProfileSettings, type ProfileSettings } from '@app/profiles';
import { validateRule, validateSettings } from './rule-validation';
import type { RuleDefinition, Ruleset, RulesetSettings } from './ruleset';

export const SETTINGS_FILE = 'ruleset.json';
export const PROFILES_FILE = 'profiles.json';

export class RulesetValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`The ruleset is invalid:\n  - ${problems.join('\n  - ')}`);
    this.name = 'RulesetValidationError';
  }
}

function readJson(path: string, label: string, problems: string[]): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    problems.push(`${label}: ${(error as Error).message}`);
    return undefined;
  }
}

/** Validates a ruleset given as settings plus rule lists; throws naming every rule and problem. */
export function buildRuleset(
  settings: unknown,
  ruleFiles: { origin: string; rules: unknown }[],
  settingsOrigin = SETTINGS_FILE,
  profiles: unknown = DEFAULT_PROFILE_SETTINGS,
  profilesOrigin = PROFILES_FILE,
): Ruleset {
  const problems = [...validateSettings(settings, settingsOrigin), ...validateProfileSettings(profiles, profilesOrigin)];
  if (problems.length > 0) throw new RulesetValidationError(problems);
  const validSettings = settings as RulesetSettings;
  const rules: RuleDefinition[] = [];
  const origins: Record<string, string> = {};
  const seen = new Map<string, string>();
  for (const { origin, rules: candidates } of ruleFiles) {
    if (!Array.isArray(candidates)) {
      problems.push(`${origin}: must hold {"rules": [...]}`);
      continue;
    }
    for (const candidate of candidates) {
      const ruleProblems = validateRule(candidate, validSettings, origin);
      problems.push(...ruleProblems);
      if (ruleProblems.length > 0) continue;
      const rule = candidate as RuleDefinition;
      const earlier = seen.get(rule.id);
      if (earlier) problems.push(`${origin} rule ${rule.id}: the id is already used in ${earlier}`);
      seen.set(rule.id, origin);
      origins[rule.id] = origin.split('/').pop() ?? origin;
      rules.push(rule);
    }
  }
  if (problems.length > 0) throw new RulesetValidationError(problems);
  rules.sort((a, b) => a.id.localeCompare(b.id));
  return { settings: validSettings, rules, profiles: profiles as ProfileSettings, origins };
}

/** Loads `ruleset.json` and every other `*.json` rule file of a folder such as `rules/`. */
export function loadRulesetFromDirectory(directory: string): Ruleset {
  const problems: string[] = [];
  const label = (file: string) => relative(process.cwd(), join(directory, file)) || file;
  let files: string[];
  try {
    files = readdirSync(directory)
      .filter((file) => file.endsWith('.json'))
      .sort();
  } catch (error) {
    throw new RulesetValidationError([`cannot read the rules folder ${directory}: ${(error as Error).message}`]);
  }
  if (!files.includes(SETTINGS_FILE)) throw new RulesetValidationError([`${label(SETTINGS_FILE)} is missing`]);
  const settings = readJson(join(directory, SETTINGS_FILE), label(SETTINGS_FILE), problems);
  const profiles = files.includes(PROFILES_FILE)
    ? readJson(join(directory, PROFILES_FILE), label(PROFILES_FILE), problems)
    : DEFAULT_PROFILE_SETTINGS;
  const ruleFiles = files
    .filter((file) => file !== SETTINGS_FILE && file !== PROFILES_FILE)
    .map((file) => {
      const content = readJson(join(directory, file), label(file), problems) as { rules?: unknown } | undefined;
      return { origin: label(file), rules: content?.rules };
    });
  if (problems.length > 0) throw new RulesetValidationError(problems);
  return buildRuleset(settings, ruleFiles, label(SETTINGS_FILE), profiles, label(PROFILES_FILE));
}
