import { LANES } from '@app/contracts';
import { FACT_NAMES } from './facts';
import { RULE_OPERATORS } from './operators';
import type { LaneThresholds, RulesetSettings } from './ruleset';

const RULE_ID = /^[A-Z0-9][A-Z0-9._-]{1,63}$/;
const REASON_CODE = /^[A-Z0-9][A-Z0-9_.]{1,63}$/;
const KNOWN_OPERATORS = new Set<string>(RULE_OPERATORS);
const MAX_PATTERN_LENGTH = 200;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;
const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function checkLeaf(node: Json, where: string, scope: unknown, settings: RulesetSettings, problems: string[]): void {
  const { fact, operator, value, path } = node;
  if (!isNonEmptyString(fact) || !(FACT_NAMES as readonly string[]).includes(fact)) {
    problems.push(`${where}: fact ${JSON.stringify(fact)} is unknown; use one of ${FACT_NAMES.join(', ')}`);
  } else if (fact === 'item' && scope !== 'item') {
    problems.push(`${where}: fact "item" is only available to rules with scope "item"`);
  }
  if (path !== undefined && (typeof path !== 'string' || !path.startsWith('$'))) {
    problems.push(`${where}: path must be a JSONPath string starting with "$"`);
  }
  if (!isNonEmptyString(operator) || !KNOWN_OPERATORS.has(operator)) {
    problems.push(`${where}: operator ${JSON.stringify(operator)} is unknown`);
    return;
  }
  switch (operator) {
    case 'hsPrefixIn':
      if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string' && /^\d{2,10}$/.test(v))) {
        problems.push(`${where}: hsPrefixIn needs a non-empty array of 2 to 10 digit strings`);
      }
      break;
    case 'inList':
    case 'notInList':
      if (typeof value !== 'string' || !(value in settings.lists)) {
        problems.push(`${where}: ${operator} names list ${JSON.stringify(value)}, which the ruleset does not define`);
      }
      break;
    case 'inCountryGroup':
    case 'notInCountryGroup':
      if (typeof value !== 'string' || !(value in settings.countryGroups)) {
        problems.push(`${where}: ${operator} names country group ${JSON.stringify(value)}, which the ruleset does not define`);
      }
      break;
    case 'between':
      if (!Array.isArray(value) || value.length !== 2 || !value.every(isFiniteNumber) || Number(value[0]) > Number(value[1])) {
        problems.push(`${where}: between needs [min, max] with min <= max`);
      }
      break;
    case 'matchesPattern':
      if (typeof value !== 'string' || value.length === 0 || value.length > MAX_PATTERN_LENGTH) {
        problems.push(`${where}: matchesPattern needs a regular expression of 1 to ${MAX_PATTERN_LENGTH} characters`);
      } else {
        try {
          new RegExp(value, 'iu');
        } catch (error) {
          problems.push(`${where}: pattern does not compile: ${(error as Error).message}`);
        }
      }
      break;
    case 'unitValueBelowReference':
    case 'unitValueAboveReference':
      if (!isFiniteNumber(value) || value <= 0) problems.push(`${where}: ${operator} needs a positive factor`);
      if (fact !== 'item' || path !== undefined) problems.push(`${where}: ${operator} reads the whole item fact (no path)`);
      break;
    case 'in':
    case 'notIn':
      if (!Array.isArray(value)) problems.push(`${where}: ${operator} needs an array value`);
      break;
    case 'lessThan':
    case 'lessThanInclusive':
    case 'greaterThan':
    case 'greaterThanInclusive':
      if (!isFiniteNumber(value)) problems.push(`${where}: ${operator} needs a number value`);
      break;
    default:
      break;
  }
}

function checkCondition(node: unknown, where: string, scope: unknown, settings: RulesetSettings, problems: string[], depth: number): void {
  if (depth > 16) {
    problems.push(`${where}: conditions nest deeper than 16 levels`);
    return;
  }
  if (!isObject(node)) {
    problems.push(`${where}: a condition must be an object`);
    return;
  }
  const keys = ['all', 'any', 'not'].filter((key) => key in node);
  if (keys.length > 1) {
    problems.push(`${where}: a condition has only one of all, any, not`);
    return;
  }
  const [key] = keys;
  if (key === 'all' || key === 'any') {
    const children = node[key];
    if (!Array.isArray(children) || children.length === 0) {
      problems.push(`${where}.${key}: must be a non-empty array`);
      return;
    }
    children.forEach((child, index) => checkCondition(child, `${where}.${key}[${index}]`, scope, settings, problems, depth + 1));
    return;
  }
  if (key === 'not') {
    checkCondition(node.not, `${where}.not`, scope, settings, problems, depth + 1);
    return;
  }
  checkLeaf(node, where, scope, settings, problems);
}

/** Problems with one rule, each naming the rule and what is wrong; empty when the rule is valid. */
export function validateRule(candidate: unknown, settings: RulesetSettings, origin: string): string[] {
  const problems: string[] = [];
  if (!isObject(candidate)) return [`${origin}: a rule must be a JSON object`];
  const id = candidate.id;
  const label = `${origin} rule ${isNonEmptyString(id) ? id : '(no id)'}`;
  const fail = (problem: string) => problems.push(`${label}: ${problem}`);
  if (!isNonEmptyString(id) || !RULE_ID.test(id)) fail('id must be 2 to 64 upper-case letters, digits, ".", "_" or "-"');
  if (!Number.isInteger(candidate.version) || (candidate.version as number) < 1) fail('version must be an integer of at least 1');
  if (!isNonEmptyString(candidate.description)) fail('description is required');
  if (!isNonEmptyString(candidate.rationale)) fail('rationale (why the rule exists) is required');
  if (candidate.scope !== 'declaration' && candidate.scope !== 'item') fail('scope must be "declaration" or "item"');
  if (candidate.priority !== undefined && (!Number.isInteger(candidate.priority) || (candidate.priority as number) < 1)) {
    fail('priority must be a positive integer');
  }
  for (const bound of ['validFrom', 'validTo'] as const) {
    const value = candidate[bound];
    if (value !== undefined && (typeof value !== 'string' || Number.isNaN(Date.parse(value))))
      fail(`${bound} must be an ISO-8601 date-time`);
  }
  if (
    typeof candidate.validFrom === 'string' &&
    typeof candidate.validTo === 'string' &&
    Date.parse(candidate.validFrom) >= Date.parse(candidate.validTo)
  ) {
    fail('validFrom must be before validTo');
  }
  const conditions = candidate.conditions;
  if (!isObject(conditions) || !['all', 'any', 'not'].some((key) => key in conditions)) {
    fail('conditions must have all, any or not at the top');
  } else {
    const nested: string[] = [];
    checkCondition(conditions, 'conditions', candidate.scope, settings, nested, 0);
    nested.forEach(fail);
  }
  const event = candidate.event;
  if (!isObject(event) || event.type !== 'risk' || !isObject(event.params)) {
    fail('event must be {"type": "risk", "params": {...}}');
  } else {
    const params = event.params;
    if (!isFiniteNumber(params.weight) || params.weight < 0 || params.weight > 100)
      fail('event.params.weight must be a number from 0 to 100');
    if (params.minimumLane !== undefined && !(LANES as readonly unknown[]).includes(params.minimumLane)) {
      fail(`event.params.minimumLane must be one of ${LANES.join(', ')}`);
    }
    if (!isNonEmptyString(params.reasonCode) || !REASON_CODE.test(params.reasonCode)) {
      fail('event.params.reasonCode must be upper-case letters, digits, "_" or "."');
    }
    if (!isNonEmptyString(params.message)) fail('event.params.message (shown to the officer) is required');
    if (params.weightBounds !== undefined) {
      const bounds = params.weightBounds as { min?: unknown; max?: unknown };
      if (
        !isObject(bounds) ||
        !isFiniteNumber(bounds.min) ||
        !isFiniteNumber(bounds.max) ||
        bounds.min < 0 ||
        bounds.max > 100 ||
        bounds.min > bounds.max
      ) {
        fail('event.params.weightBounds must be {min, max} with 0 <= min <= max <= 100');
      } else if (isFiniteNumber(params.weight) && (params.weight < bounds.min || params.weight > bounds.max)) {
        fail('event.params.weight must lie within weightBounds');
      }
    }
  }
  return problems;
}

function checkThresholds(thresholds: unknown, where: string, problems: string[]): void {
  if (!isObject(thresholds)) {
    problems.push(`${where} must be {red, yellow, blue}`);
    return;
  }
  const { red, yellow, blue } = thresholds as unknown as LaneThresholds;
  if (![red, yellow, blue].every((value) => isFiniteNumber(value) && value >= 0 && value <= 100)) {
    problems.push(`${where}: red, yellow and blue must be numbers from 0 to 100`);
  } else if (!(red >= yellow && yellow >= blue)) {
    problems.push(`${where}: thresholds must satisfy red >= yellow >= blue`);
  }
}

/** Problems with the ruleset settings (ruleset.json); empty when valid. */
export function validateSettings(candidate: unknown, origin: string): string[] {
  const problems: string[] = [];
  if (!isObject(candidate)) return [`${origin}: settings must be a JSON object`];
  const fail = (problem: string) => problems.push(`${origin}: ${problem}`);
  if (!isNonEmptyString(candidate.version)) fail('version is required');
  if (!isNonEmptyString(candidate.referenceCurrency)) fail('referenceCurrency is required');
  const lanes = candidate.lanes;
  if (!isObject(lanes)) {
    fail('lanes is required');
  } else {
    checkThresholds(lanes.default, `${origin}: lanes.default`, problems);
    for (const group of ['byType', 'byOffice'] as const) {
      const entries = lanes[group];
      if (entries === undefined) continue;
      if (!isObject(entries)) fail(`lanes.${group} must be an object`);
      else Object.entries(entries).forEach(([key, value]) => checkThresholds(value, `${origin}: lanes.${group}.${key}`, problems));
    }
  }
  if (!isFiniteNumber(candidate.aeoFacilitation) || candidate.aeoFacilitation < 0 || candidate.aeoFacilitation > 100) {
    fail('aeoFacilitation must be a number from 0 to 100');
  }
  if (!isFiniteNumber(candidate.controlSampleRate) || candidate.controlSampleRate < 0 || candidate.controlSampleRate > 1) {
    fail('controlSampleRate must be a number from 0 to 1');
  }
  if (!(LANES as readonly unknown[]).includes(candidate.controlLane)) fail(`controlLane must be one of ${LANES.join(', ')}`);
  for (const key of ['lists', 'countryGroups'] as const) {
    const named = candidate[key];
    if (!isObject(named) || !Object.values(named).every((values) => Array.isArray(values) && values.every((v) => typeof v === 'string'))) {
      fail(`${key} must map names to arrays of strings`);
    }
  }
  const feedback = candidate.feedback;
  if (feedback !== undefined) {
    if (!isObject(feedback)) {
      fail('feedback must be an object');
    } else {
      if (!isFiniteNumber(feedback.reviewHitRateFloor) || feedback.reviewHitRateFloor < 0 || feedback.reviewHitRateFloor > 1)
        fail('feedback.reviewHitRateFloor must be a number from 0 to 1');
      if (!Number.isInteger(feedback.reviewMinInspections) || (feedback.reviewMinInspections as number) < 1)
        fail('feedback.reviewMinInspections must be a positive integer');
      if (!['OFF', 'PROPOSE', 'AUTO'].includes(feedback.recalibration as string))
        fail('feedback.recalibration must be OFF, PROPOSE or AUTO');
      if (!Number.isInteger(feedback.recalibrationMinInspections) || (feedback.recalibrationMinInspections as number) < 1) {
        fail('feedback.recalibrationMinInspections must be a positive integer');
      }
      if (!isFiniteNumber(feedback.maxWeightChange) || feedback.maxWeightChange < 0 || feedback.maxWeightChange > 100)
        fail('feedback.maxWeightChange must be a number from 0 to 100');
    }
  }
  const references = candidate.referenceUnitValues;
  if (!isObject(references)) {
    fail('referenceUnitValues must be an object keyed by HS prefix');
  } else {
    for (const [prefix, reference] of Object.entries(references)) {
      const range = reference as { minPerKg?: unknown; maxPerKg?: unknown };
      if (!/^\d{2,10}$/.test(prefix)) fail(`referenceUnitValues key "${prefix}" must be an HS prefix of 2 to 10 digits`);
      if (!isObject(reference) || !isFiniteNumber(range.minPerKg) || !isFiniteNumber(range.maxPerKg) || range.minPerKg > range.maxPerKg) {
        fail(`referenceUnitValues.${prefix} must be {minPerKg, maxPerKg} with minPerKg <= maxPerKg`);
      }
    }
  }
  return problems;
}
