import type { Declaration, Lane } from '@app/contracts';
import { RULE_OPERATORS, type RuleOperator } from '@app/selectivity';
import { SeededRandom } from './random';

/** A rule in the rules-folder shape, generated for differential tests and benchmarks. */
export interface GeneratedRule {
  id: string;
  version: number;
  description: string;
  rationale: string;
  scope: 'declaration' | 'item';
  conditions: { all: unknown[] } | { any: unknown[] };
  event: { type: 'risk'; params: { weight: number; minimumLane?: Lane; reasonCode: string; message: string } };
}

const DECLARATION_PATHS = [
  '$.type',
  '$.officeCode',
  '$.transportMode',
  '$.importerId',
  '$.sellerId',
  '$.declarantId',
  '$.routeCountries',
  '$.allCountries',
  '$.originCountries',
  '$.routingCount',
  '$.itemCount',
  '$.totalCustomsValue',
  '$.totalNetMassKg',
  '$.importerAeo',
  '$.conveyance.id',
  '$.countryOfDeparture',
  '$.countryOfDestination',
  '$.routing',
  '$.hsCodes',
  '$.importerPriorDeclarations',
  '$.indicators.importer.hitRate',
  '$.no.such.field',
];
const ITEM_PATHS = [
  '$.hsCode',
  '$.hs2',
  '$.hs4',
  '$.hs6',
  '$.description',
  '$.countryOfOrigin',
  '$.netMassKg',
  '$.customsValue',
  '$.unitValuePerKg',
  '$.taxRate',
  '$.preference',
  '$.currency',
];
/** The values generated lessThan / greaterThan rules compare with; generated amounts land on them too. */
export const COMPARISON_THRESHOLDS = [0, 1, 3, 10, 100, 1000, 20_000];

const COUNTRIES = ['BE', 'NL', 'CN', 'HK', 'AE', 'CO', 'EC', 'AF', 'IR', 'NG', 'MY', 'US', 'RU', 'SE', 'PA'];
const STRINGS = [
  'IMPORT',
  'EXPORT',
  'SEA',
  'AIR',
  'BEANR000',
  'IMP-0001',
  'TRD-WATCH-0001',
  'EU_FTA',
  'EUR',
  'KRW',
  '93',
  '2402',
  '610910',
];
const HS_PREFIXES = [
  '02',
  '08',
  '0803',
  '12',
  '24',
  '2402',
  '29',
  '2932',
  '30',
  '3004',
  '42',
  '61',
  '6109',
  '84',
  '85',
  '8517',
  '93',
  '95',
];
const PATTERNS = ['ivory', 'replica|copy', '^sawn', 'chemical', 'gun\\s+barrel', 'toys?$'];
const LISTS = ['watchedTraders', 'drugPrecursorHs6', 'antiDumpingHs4', 'highExciseHs4'];
const GROUPS = ['COCAINE_SOURCE', 'FREE_ZONE_HUBS', 'EU', 'SANCTIONED', 'COUNTERFEIT_SOURCE'];
const LANES: Lane[] = ['GREEN', 'BLUE', 'YELLOW', 'RED'];

function scalar(random: SeededRandom): unknown {
  const kind = random.int(0, 4);
  if (kind === 0) return random.pick(STRINGS);
  if (kind === 1) return random.pick(COUNTRIES);
  if (kind === 2) return random.int(0, 5000);
  if (kind === 3) return random.chance(0.5);
  return null;
}

/** Operators the generator uses in item rules only (at declaration scope it writes `equal` instead). */
export const ITEM_ONLY_OPERATORS: ReadonlySet<RuleOperator> = new Set<RuleOperator>([
  'hsPrefixIn',
  'unitValueBelowReference',
  'unitValueAboveReference',
]);

/** A condition with the operator wanted (`equal` for an item-only operator at declaration scope), and a value it can meet. */
function leaf(random: SeededRandom, scope: 'declaration' | 'item', wanted: RuleOperator): Record<string, unknown> {
  const operator: RuleOperator = scope === 'declaration' && ITEM_ONLY_OPERATORS.has(wanted) ? 'equal' : wanted;
  const fact = scope === 'item' && random.chance(0.7) ? 'item' : 'declaration';
  const path = random.pick(fact === 'item' ? ITEM_PATHS : DECLARATION_PATHS);
  switch (operator) {
    case 'hsPrefixIn':
      return {
        fact: 'item',
        path: random.pick(['$.hsCode', '$.hs4', '$.hs6']),
        operator,
        value: [random.pick(HS_PREFIXES), random.pick(HS_PREFIXES)],
      };
    case 'inList':
    case 'notInList':
      return { fact, path, operator, value: random.pick(LISTS) };
    case 'inCountryGroup':
    case 'notInCountryGroup':
      return { fact, path, operator, value: random.pick(GROUPS) };
    case 'between': {
      const low = random.int(0, 2000);
      return { fact, path, operator, value: [low, low + random.int(0, 50_000)] };
    }
    case 'matchesPattern':
      return { fact, path, operator, value: random.pick(PATTERNS) };
    case 'unitValueBelowReference':
    case 'unitValueAboveReference':
      return { fact: 'item', operator, value: random.pick([0.33, 0.5, 1, 2, 3]) };
    case 'in':
    case 'notIn':
      return { fact, path, operator, value: [scalar(random), scalar(random), random.pick(COUNTRIES)] };
    case 'lessThan':
    case 'lessThanInclusive':
    case 'greaterThan':
    case 'greaterThanInclusive':
      return { fact, path, operator, value: random.pick(COMPARISON_THRESHOLDS) };
    case 'equal':
    case 'notEqual':
    case 'contains':
    case 'doesNotContain':
      return { fact, path, operator, value: scalar(random) };
    default: {
      // An operator added to the rule language needs values here before the generator compiles.
      const unhandled: never = operator;
      throw new Error(`no values for operator ${String(unhandled)}`);
    }
  }
}

function tree(random: SeededRandom, scope: 'declaration' | 'item', operators: RuleOperator[], depth: number): Record<string, unknown> {
  if (depth >= 3 || random.chance(0.55)) return leaf(random, scope, operators.shift() ?? random.pick(RULE_OPERATORS));
  const children = Array.from({ length: random.int(1, 3) }, () => tree(random, scope, operators, depth + 1));
  const kind = random.int(0, 2);
  if (kind === 0) return { all: children };
  if (kind === 1) return { any: children };
  return { not: children[0] };
}

/**
 * Random rules over the shipped ruleset's lists, groups and reference values, covering every
 * operator (each appears in the first rules), nested all/any/not, both scopes, and paths that do
 * and do not exist.
 */
export function generateRules(count: number, seed: number): GeneratedRule[] {
  const random = new SeededRandom(seed);
  const pending: RuleOperator[] = [...RULE_OPERATORS];
  return Array.from({ length: count }, (_, index) => {
    const scope = random.chance(0.6) ? 'item' : 'declaration';
    const usable = scope === 'item' ? [...pending] : pending.filter((operator) => !ITEM_ONLY_OPERATORS.has(operator));
    const operators = usable.splice(0, 2);
    for (const used of operators) pending.splice(pending.indexOf(used), 1);
    const children = Array.from({ length: random.int(1, 3) }, () => tree(random, scope, operators, 1));
    const weight = random.int(0, 100);
    const minimumLane = random.chance(0.25) ? random.pick(LANES) : undefined;
    return {
      id: `GEN-${String(index + 1).padStart(4, '0')}`,
      version: 1,
      description: `generated rule ${index + 1}`,
      rationale: 'generated for differential testing against json-rules-engine',
      scope,
      conditions: random.chance(0.5) ? { all: children } : { any: children },
      event: {
        type: 'risk',
        params: { weight, ...(minimumLane ? { minimumLane } : {}), reasonCode: `GEN.R${index + 1}`, message: `generated ${index + 1}` },
      },
    };
  });
}

/** Stable copy so the oracle and the compiled engine see identical input. */
export function cloneDeclaration(declaration: Declaration): Declaration {
  return structuredClone(declaration);
}
