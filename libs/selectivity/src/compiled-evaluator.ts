import { JSONPath } from 'jsonpath-plus';
import type { Declaration } from '@app/contracts';
import { NO_HISTORY, declarationFacts, itemFacts, type RiskContext } from './facts';
import { compilePattern, customsOperators, type OperatorFn } from './operators';
import type { ConditionNode, RuleDefinition, Ruleset } from './ruleset';
import type { RuleEvaluator, RuleHit } from './rule-evaluator';

type Facts = Record<string, unknown>;
type Predicate = (facts: Facts) => boolean;
type Accessor = (facts: Facts) => unknown;

const isNumeric = (value: unknown) => Number.parseFloat(value as string).toString() !== 'NaN';

/** json-rules-engine's built-in operators with their fact-value validators, as it applies them. */
const BUILT_IN: Record<string, OperatorFn> = {
  equal: (a, b) => a === b,
  notEqual: (a, b) => a !== b,
  in: (a, b) => (b as unknown[]).indexOf(a) > -1,
  notIn: (a, b) => (b as unknown[]).indexOf(a) === -1,
  contains: (a, b) => Array.isArray(a) && a.indexOf(b) > -1,
  doesNotContain: (a, b) => Array.isArray(a) && a.indexOf(b) === -1,
  lessThan: (a, b) => isNumeric(a) && (a as number) < (b as number),
  lessThanInclusive: (a, b) => isNumeric(a) && (a as number) <= (b as number),
  greaterThan: (a, b) => isNumeric(a) && (a as number) > (b as number),
  greaterThanInclusive: (a, b) => isNumeric(a) && (a as number) >= (b as number),
};

/** A plain dotted path (`$.a.b`), read directly instead of through JSONPath. */
export const SIMPLE_PATH = /^\$(\.[A-Za-z_$][\w$]*)+$/;

/** Reads `path` from a fact value as json-rules-engine does (JSONPath, unwrapped), fast for plain dotted paths. */
function compilePath(path: string | undefined): (value: unknown) => unknown {
  if (path === undefined) return (value) => value;
  const resolve: (value: object) => unknown = SIMPLE_PATH.test(path)
    ? (() => {
        const keys = path.slice(2).split('.');
        return (value: object) => {
          let current: unknown = value;
          for (const key of keys) {
            if (current === null || current === undefined || typeof current !== 'object') return undefined;
            current = Object.prototype.hasOwnProperty.call(current, key) ? (current as Record<string, unknown>)[key] : undefined;
          }
          return current;
        };
      })()
    : (value: object) => JSONPath<unknown>({ path, json: value, wrap: false });
  // Like json-rules-engine's almanac: a path applies only to an object; anything else is returned as is.
  return (value) => (value !== null && typeof value === 'object' ? resolve(value) : value);
}

function compileAccessor(fact: string, path: string | undefined): Accessor {
  const read = compilePath(path);
  return (facts) => read(facts[fact]);
}

/** `factValue` as a list of values: an array as is, anything else as one value (as the customs operators read it). */
function someValue(factValue: unknown, test: (value: unknown) => boolean): boolean {
  if (!Array.isArray(factValue)) return test(factValue);
  for (const value of factValue) if (test(value)) return true;
  return false;
}

const numeric = (value: unknown): boolean => (typeof value === 'number' ? !Number.isNaN(value) : isNumeric(value));

/**
 * A leaf specialised for its operator, with the rule's value prepared once (sets resolved,
 * patterns compiled). Each specialisation keeps the operator's exact semantics, which the
 * differential test checks against json-rules-engine.
 */
function compileLeaf(
  operatorName: string,
  left: Accessor,
  value: unknown,
  settings: Ruleset['settings'],
  operators: Record<string, OperatorFn>,
): Predicate | null {
  switch (operatorName) {
    case 'equal':
      return (facts) => left(facts) === value;
    case 'notEqual':
      return (facts) => left(facts) !== value;
    case 'lessThan':
      return (facts) => {
        const a = left(facts);
        return numeric(a) && (a as number) < (value as number);
      };
    case 'lessThanInclusive':
      return (facts) => {
        const a = left(facts);
        return numeric(a) && (a as number) <= (value as number);
      };
    case 'greaterThan':
      return (facts) => {
        const a = left(facts);
        return numeric(a) && (a as number) > (value as number);
      };
    case 'greaterThanInclusive':
      return (facts) => {
        const a = left(facts);
        return numeric(a) && (a as number) >= (value as number);
      };
    case 'hsPrefixIn': {
      if (!Array.isArray(value)) return () => false;
      const prefixes = value.map(String);
      return (facts) =>
        someValue(left(facts), (code) => {
          if (typeof code !== 'string') return false;
          for (const prefix of prefixes) if (code.startsWith(prefix)) return true;
          return false;
        });
    }
    case 'inList':
    case 'notInList':
    case 'inCountryGroup':
    case 'notInCountryGroup': {
      const named = operatorName === 'inList' || operatorName === 'notInList' ? settings.lists : settings.countryGroups;
      const values = Object.prototype.hasOwnProperty.call(named, String(value)) ? new Set(named[String(value)]) : undefined;
      const contained = (factValue: unknown) =>
        values !== undefined && someValue(factValue, (entry) => typeof entry === 'string' && values.has(entry));
      if (operatorName === 'inList' || operatorName === 'inCountryGroup') return (facts) => contained(left(facts));
      return (facts) => {
        const factValue = left(facts);
        return factValue !== undefined && factValue !== null && !contained(factValue);
      };
    }
    case 'between': {
      if (!Array.isArray(value)) return () => false;
      const low = Number(value[0]);
      const high = Number(value[1]);
      return (facts) => {
        const a = left(facts);
        return typeof a === 'number' && a >= low && a <= high;
      };
    }
    case 'matchesPattern': {
      const pattern = compilePattern(String(value));
      return (facts) => someValue(left(facts), (text) => typeof text === 'string' && pattern.test(text));
    }
    default: {
      const operator = operators[operatorName];
      if (!operator) throw new Error(`Unknown operator: ${operatorName}`);
      return (facts) => operator(left(facts), value);
    }
  }
}

function compileCondition(node: ConditionNode, operators: Record<string, OperatorFn>, settings: Ruleset['settings']): Predicate {
  if ('all' in node) {
    const children = node.all.map((child) => compileCondition(child, operators, settings));
    return (facts) => {
      for (const child of children) if (!child(facts)) return false;
      return true;
    };
  }
  if ('any' in node) {
    const children = node.any.map((child) => compileCondition(child, operators, settings));
    return (facts) => {
      for (const child of children) if (child(facts)) return true;
      return false;
    };
  }
  if ('not' in node) {
    const child = compileCondition(node.not, operators, settings);
    return (facts) => !child(facts);
  }
  const operator = operators[node.operator];
  if (!operator) throw new Error(`Unknown operator: ${node.operator}`);
  const left = compileAccessor(node.fact, node.path);
  const value = node.value as { fact?: unknown; path?: unknown } | null;
  // A value of the form {fact, path} refers to another fact, as in json-rules-engine.
  if (value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, 'fact')) {
    const right = compileAccessor(String(value.fact), typeof value.path === 'string' ? value.path : undefined);
    return (facts) => operator(left(facts), right(facts));
  }
  return compileLeaf(node.operator, left, node.value, settings, operators) ?? ((facts) => operator(left(facts), node.value));
}

interface CompiledRule {
  rule: RuleDefinition;
  matches: Predicate;
  /** Validity window in epoch ms; null when the rule is always in force. */
  window: { from: number; to: number } | null;
}

const windowOf = (rule: RuleDefinition) =>
  rule.validFrom === undefined && rule.validTo === undefined
    ? null
    : {
        from: rule.validFrom === undefined ? -Infinity : Date.parse(rule.validFrom),
        to: rule.validTo === undefined ? Infinity : Date.parse(rule.validTo),
      };

const inForce = (window: CompiledRule['window'], at: number) => window === null || (at >= window.from && at < window.to);

const NONE: CompiledRule[] = [];
const HS_PATHS = new Set(['$.hsCode', '$.hs6', '$.hs4', '$.hs2']);

/** HS chapters an item-scope rule can only fire for, from its top-level `all`; null when unrestricted. */
function chaptersOf(rule: RuleDefinition): Set<string> | null {
  if (rule.scope !== 'item' || !('all' in rule.conditions)) return null;
  for (const condition of rule.conditions.all) {
    if (!('fact' in condition) || condition.fact !== 'item' || !HS_PATHS.has(condition.path ?? '')) continue;
    if (
      condition.operator === 'hsPrefixIn' &&
      Array.isArray(condition.value) &&
      condition.value.every((p) => typeof p === 'string' && p.length >= 2)
    ) {
      return new Set((condition.value as string[]).map((prefix) => prefix.slice(0, 2)));
    }
  }
  return null;
}

/**
 * Evaluates a ruleset with plain synchronous closures compiled once per ruleset version (no
 * string evaluation of anything a user wrote), giving the same hits as json-rules-engine's
 * `Engine.run`. Item rules are indexed by HS chapter, so an item meets only its candidate rules.
 * Stateless between calls: safe to share across concurrent assessments.
 */
export class CompiledRuleEvaluator implements RuleEvaluator {
  private readonly declarationRules: CompiledRule[];
  private readonly unindexedItemRules: CompiledRule[];
  private readonly itemRulesByChapter = new Map<string, CompiledRule[]>();

  constructor(ruleset: Ruleset) {
    const operators: Record<string, OperatorFn> = { ...BUILT_IN, ...customsOperators(ruleset.settings) };
    const compiled = ruleset.rules.map((rule) => ({
      rule,
      matches: compileCondition(rule.conditions, operators, ruleset.settings),
      window: windowOf(rule),
    }));
    this.declarationRules = compiled.filter(({ rule }) => rule.scope === 'declaration');
    this.unindexedItemRules = [];
    for (const entry of compiled.filter(({ rule }) => rule.scope === 'item')) {
      const chapters = chaptersOf(entry.rule);
      if (!chapters) {
        this.unindexedItemRules.push(entry);
        continue;
      }
      for (const chapter of chapters) this.itemRulesByChapter.set(chapter, [...(this.itemRulesByChapter.get(chapter) ?? []), entry]);
    }
  }

  evaluate(declaration: Declaration, context: RiskContext = NO_HISTORY): Promise<RuleHit[]> {
    return Promise.resolve(this.evaluateSync(declaration, context));
  }

  evaluateSync(declaration: Declaration, context: RiskContext = NO_HISTORY): RuleHit[] {
    const declarationFact = declarationFacts(declaration, context);
    const at = Date.parse(declaration.submittedAt);
    const hits: RuleHit[] = [];
    // One facts object for the whole declaration, its `item` swapped per item (one shape, no garbage).
    const facts: Facts = { declaration: declarationFact, item: undefined };
    for (const { rule, matches, window } of this.declarationRules) {
      if (matches(facts) && inForce(window, at)) hits.push({ rule, lineNos: [] });
    }
    const itemHits = new Map<string, RuleHit>();
    for (const item of declaration.items) {
      facts.item = itemFacts(item);
      const chapter = item.hsCode.slice(0, 2);
      for (const candidates of [this.unindexedItemRules, this.itemRulesByChapter.get(chapter) ?? NONE]) {
        for (const { rule, matches, window } of candidates) {
          if (!matches(facts) || !inForce(window, at)) continue;
          const hit = itemHits.get(rule.id);
          if (hit) hit.lineNos.push(item.lineNo);
          else itemHits.set(rule.id, { rule, lineNos: [item.lineNo] });
        }
      }
    }
    for (const hit of itemHits.values()) hits.push(hit);
    return hits;
  }
}
