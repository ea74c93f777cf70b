import { DIMENSION_NAMES } from './dimensions';

/**
 * How indicators are derived from history and weighed into the score. Versioned with the rules
 * (`rules/profiles.json`); `npm run cli -- calibrate` fits the weights on history.
 */
export interface ProfileSettings {
  /** Evidence loses half its weight after this many days. */
  halfLifeDays: number;
  /** Pseudo-inspections at the base rate added to every key: one hit cannot make a key certain. */
  priorStrength: number;
  /** Weight of each dimension's log-odds lift; dimensions without a weight are not used. */
  weights: Record<string, number>;
  /** Log-odds offset added to the base rate's log-odds. */
  offset: number;
  /** Most PROFILE reasons shown on a decision. */
  maxReasons: number;
}

export const DEFAULT_PROFILE_SETTINGS: ProfileSettings = {
  halfLifeDays: 365,
  priorStrength: 2,
  weights: Object.fromEntries(DIMENSION_NAMES.map((name) => [name, 0.05])),
  offset: 0,
  maxReasons: 5,
};

/** Problems with profile settings; empty when valid. */
export function validateProfileSettings(candidate: unknown, origin: string): string[] {
  const problems: string[] = [];
  const fail = (problem: string) => problems.push(`${origin}: ${problem}`);
  if (typeof candidate !== 'object' || candidate === null) return [`${origin}: must be a JSON object`];
  const settings = candidate as Partial<ProfileSettings>;
  if (typeof settings.halfLifeDays !== 'number' || !(settings.halfLifeDays > 0)) fail('halfLifeDays must be a positive number');
  if (typeof settings.priorStrength !== 'number' || !(settings.priorStrength > 0)) fail('priorStrength must be a positive number');
  if (typeof settings.offset !== 'number' || !Number.isFinite(settings.offset)) fail('offset must be a number');
  if (!Number.isInteger(settings.maxReasons) || (settings.maxReasons as number) < 0) fail('maxReasons must be a non-negative integer');
  if (typeof settings.weights !== 'object' || settings.weights === null) {
    fail('weights must map dimension names to numbers');
  } else {
    for (const [name, weight] of Object.entries(settings.weights)) {
      if (!DIMENSION_NAMES.includes(name)) fail(`weights names unknown dimension "${name}"; known: ${DIMENSION_NAMES.join(', ')}`);
      if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) fail(`weights.${name} must be a non-negative number`);
    }
  }
  return problems;
}
