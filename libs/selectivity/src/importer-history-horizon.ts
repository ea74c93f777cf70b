import { SIMPLE_PATH } from './compiled-evaluator';
import type { ConditionNode, Ruleset } from './ruleset';

const FIELD = 'importerPriorDeclarations';

/** How a condition side reads the importer's prior declarations: exactly the field, not at all, or in a way not modelled. */
type Reading = 'field' | 'none' | 'unmodelled';

function reading(fact: unknown, path: unknown): Reading {
  if (fact === 'item') return 'none'; // item facts carry no importer history
  if (fact !== 'declaration') return 'unmodelled';
  if (path === `$.${FIELD}`) return 'field';
  if (typeof path === 'string' && SIMPLE_PATH.test(path) && path.split('.')[1] !== FIELD) return 'none';
  return 'unmodelled'; // the whole fact, a JSONPath expression, or a path into the count
}

/** The first whole count above `limit`: every count from there on compares the same way with it. */
const above = (limit: number): number => (Number.isFinite(limit) ? Math.max(0, Math.floor(limit) + 1) : 0);

/**
 * From which count on a condition on `$.importerPriorDeclarations` stops telling counts apart,
 * given the operator's semantics for a number fact value (as the compiled evaluator and
 * json-rules-engine apply them); Infinity for an operator this does not model.
 */
function leafHorizon(operator: string, value: unknown): number {
  switch (operator) {
    case 'equal':
    case 'notEqual':
      return typeof value === 'number' ? above(value) : 0;
    case 'lessThan':
    case 'lessThanInclusive':
    case 'greaterThan':
    case 'greaterThanInclusive':
      return above(Number(value));
    case 'between':
      return Array.isArray(value) ? above(Number(value[1])) : 0;
    case 'in':
    case 'notIn':
      // A string value would be searched as text (its digits), so only arrays are modelled.
      return Array.isArray(value) ? Math.max(0, ...value.map((entry) => (typeof entry === 'number' ? above(entry) : 0))) : Infinity;
    // Operators that give the same answer for every number.
    case 'contains':
    case 'doesNotContain':
    case 'hsPrefixIn':
    case 'inList':
    case 'notInList':
    case 'inCountryGroup':
    case 'notInCountryGroup':
    case 'matchesPattern':
    case 'unitValueBelowReference':
    case 'unitValueAboveReference':
      return 0;
    default:
      return Infinity;
  }
}

function conditionHorizon(node: ConditionNode): number {
  if ('all' in node) return Math.max(0, ...node.all.map(conditionHorizon));
  if ('any' in node) return Math.max(0, ...node.any.map(conditionHorizon));
  if ('not' in node) return conditionHorizon(node.not);
  const left = reading(node.fact, node.path);
  const value = node.value as { fact?: unknown; path?: unknown } | null;
  if (value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, 'fact')) {
    // Compared with another fact: a count against another value is not bounded.
    return left === 'none' && reading(value.fact, value.path) === 'none' ? 0 : Infinity;
  }
  if (left === 'none') return 0;
  if (left === 'unmodelled') return Infinity;
  return leafHorizon(node.operator, node.value);
}

/**
 * The importer-history horizon of a ruleset: the smallest count of earlier declarations from
 * which on every rule gives the same result whatever the exact count (`TRD-006 equal 0` gives 1:
 * an importer with one earlier declaration or a thousand is no longer first-time). Counts only
 * grow, so an importer known to have reached the horizon needs no history lookup for this
 * ruleset. Infinity when a rule could tell any two counts apart, or reads the count in a way this
 * analysis does not model (a JSONPath expression, the whole fact, a comparison with another fact).
 */
export function importerHistoryHorizon(ruleset: Pick<Ruleset, 'rules'>): number {
  return Math.max(0, ...ruleset.rules.map((rule) => conditionHorizon(rule.conditions)));
}
