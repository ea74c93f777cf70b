import type { ReferenceUnitValue, RulesetSettings } from './ruleset';

/** A customs operator: `(factValue, ruleValue) => boolean`, pure and synchronous. */
export type OperatorFn = (factValue: unknown, ruleValue: unknown) => boolean;

/** json-rules-engine's built-in operators that rules may use. */
export const BUILT_IN_OPERATORS = [
  'equal',
  'notEqual',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
] as const;

export const CUSTOMS_OPERATORS = [
  'hsPrefixIn',
  'inList',
  'notInList',
  'inCountryGroup',
  'notInCountryGroup',
  'between',
  'matchesPattern',
  'unitValueBelowReference',
  'unitValueAboveReference',
] as const;
export type CustomsOperator = (typeof CUSTOMS_OPERATORS)[number];

/** Every operator the rule language offers: json-rules-engine's built-in ones, then the customs ones. */
export const RULE_OPERATORS = [...BUILT_IN_OPERATORS, ...CUSTOMS_OPERATORS] as const;
export type RuleOperator = (typeof RULE_OPERATORS)[number];

function asValues(factValue: unknown): unknown[] {
  return Array.isArray(factValue) ? factValue : [factValue];
}

/** Longest HS prefix with a reference unit value, if any. */
export function referenceUnitValueFor(settings: RulesetSettings, hsCode: string): ReferenceUnitValue | undefined {
  for (let length = Math.min(hsCode.length, 10); length >= 2; length -= 1) {
    const reference = settings.referenceUnitValues[hsCode.slice(0, length)];
    if (reference) return reference;
  }
  return undefined;
}

interface ItemLike {
  hsCode?: unknown;
  unitValuePerKg?: unknown;
  currency?: unknown;
}

const referenceCache = new WeakMap<RulesetSettings, Map<string, ReferenceUnitValue | undefined>>();

function cachedReference(settings: RulesetSettings, hsCode: string): ReferenceUnitValue | undefined {
  let cache = referenceCache.get(settings);
  if (!cache) {
    cache = new Map();
    referenceCache.set(settings, cache);
  }
  if (cache.has(hsCode)) return cache.get(hsCode);
  const reference = referenceUnitValueFor(settings, hsCode);
  if (cache.size < 100_000) cache.set(hsCode, reference);
  return reference;
}

function unitValueAndReference(settings: RulesetSettings, factValue: unknown): [number, ReferenceUnitValue] | undefined {
  if (typeof factValue !== 'object' || factValue === null) return undefined;
  const item = factValue as ItemLike;
  if (typeof item.hsCode !== 'string' || typeof item.unitValuePerKg !== 'number') return undefined;
  // Reference values are in the ruleset's currency; values in another currency are not compared.
  if (item.currency !== undefined && item.currency !== settings.referenceCurrency) return undefined;
  const reference = cachedReference(settings, item.hsCode);
  return reference ? [item.unitValuePerKg, reference] : undefined;
}

const patternCache = new Map<string, RegExp>();
export function compilePattern(pattern: string): RegExp {
  let compiled = patternCache.get(pattern);
  if (!compiled) {
    compiled = new RegExp(pattern, 'iu');
    patternCache.set(pattern, compiled);
  }
  return compiled;
}

/** The customs operators bound to one ruleset's lists, country groups and reference values. */
export function customsOperators(settings: RulesetSettings): Record<CustomsOperator, OperatorFn> {
  const lists = new Map(Object.entries(settings.lists).map(([name, values]) => [name, new Set(values)]));
  const groups = new Map(Object.entries(settings.countryGroups).map(([name, values]) => [name, new Set(values)]));
  const inNamed = (sets: Map<string, Set<string>>) => (factValue: unknown, name: unknown) => {
    const set = sets.get(String(name));
    return set !== undefined && asValues(factValue).some((value) => typeof value === 'string' && set.has(value));
  };
  const inList = inNamed(lists);
  const inGroup = inNamed(groups);
  return {
    hsPrefixIn: (factValue, prefixes) =>
      Array.isArray(prefixes) &&
      asValues(factValue).some((code) => typeof code === 'string' && prefixes.some((prefix) => code.startsWith(String(prefix)))),
    inList,
    notInList: (factValue, name) => factValue !== undefined && factValue !== null && !inList(factValue, name),
    inCountryGroup: inGroup,
    notInCountryGroup: (factValue, name) => factValue !== undefined && factValue !== null && !inGroup(factValue, name),
    between: (factValue, range) =>
      typeof factValue === 'number' && Array.isArray(range) && factValue >= Number(range[0]) && factValue <= Number(range[1]),
    matchesPattern: (factValue, pattern) =>
      asValues(factValue).some((text) => typeof text === 'string' && compilePattern(String(pattern)).test(text)),
    unitValueBelowReference: (factValue, factor) => {
      const found = unitValueAndReference(settings, factValue);
      return found !== undefined && found[0] < found[1].minPerKg * Number(factor);
    },
    unitValueAboveReference: (factValue, factor) => {
      const found = unitValueAndReference(settings, factValue);
      return found !== undefined && found[0] > found[1].maxPerKg * Number(factor);
    },
  };
}
