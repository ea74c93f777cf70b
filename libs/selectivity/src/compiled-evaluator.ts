import { JSONPath } from 'jsonpath-plus';
import type { Declaration } from '@app/contracts';
import { NO_HISTORY, declarationFacts, itemFacts, type RiskContext } from './facts';
import { customsOperators, type OperatorFn } from './operators';
import { isInForce, type ConditionNode, type RuleDefinition, type Ruleset } from './ruleset';
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

const SIMPLE_PATH = /^\$(\.[A-Za-z_$][\w$]*)+$/;

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

function compileCondition(node: ConditionNode, operators: Record<string, OperatorFn>): Predicate {
  if ('all' in node) {
    const children = node.all.map((child) => compileCondition(child, operators));
    return (facts) => children.every((child) => child(facts));
  }
  if ('any' in node) {
    const children = node.any.map((child) => compileCondition(child, operators));
    return (facts) => children.some((child) => child(facts));
  }
  if ('not' in node) {
    const child = compileCondition(node.not, operators);
    return (facts) => !child(facts);
  }
  const operator = operators[node.operator];
  if (!operator) throw new Error(`Unknown operator: ${node.operator}`);
  const left = compileAccessor(node.fact, node.path);
  const value = node.value as { fact?: unknown; path?: unknown } | null;
  // A value of the form {fact, path} refers to another fact, as in json-rules-engine.
  const right: Accessor =
    value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, 'fact')
      ? compileAccessor(String(value.fact), typeof value.path === 'string' ? value.path : undefined)
      : () => node.value;
  return (facts) => operator(left(facts), right(facts));
}

interface CompiledRule {
  rule: RuleDefinition;
  matches: Predicate;
}

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
    const compiled = ruleset.rules.map((rule) => ({ rule, matches: compileCondition(rule.conditions, operators) }));
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
    const hits = new Map<string, RuleHit>();
    const facts: Facts = { declaration: declarationFact };
    for (const { rule, matches } of this.declarationRules) {
      if (matches(facts) && isInForce(rule, declaration.submittedAt)) hits.set(rule.id, { rule, lineNos: [] });
    }
    for (const item of declaration.items) {
      const itemFacts_: Facts = { declaration: declarationFact, item: itemFacts(item) };
      const chapter = item.hsCode.slice(0, 2);
      for (const candidates of [this.unindexedItemRules, this.itemRulesByChapter.get(chapter) ?? []]) {
        for (const { rule, matches } of candidates) {
          if (!matches(itemFacts_) || !isInForce(rule, declaration.submittedAt)) continue;
          const hit = hits.get(rule.id);
          if (hit) hit.lineNos.push(item.lineNo);
          else hits.set(rule.id, { rule, lineNos: [item.lineNo] });
        }
      }
    }
    return [...hits.values()];
  }
}
