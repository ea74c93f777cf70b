import * as fc from 'fast-check';
import { resolve } from 'node:path';
import { ITEM_ONLY_OPERATORS, declarationArbitrary, generateRules, sampleDeclarations, type GeneratedRule } from '@app/testing';
import { CompiledRuleEvaluator } from './compiled-evaluator';
import { importerHistoryHorizon } from './importer-history-horizon';
import { RULE_OPERATORS } from './operators';
import { loadRulesetFromDirectory } from './ruleset-loader';
import type { ConditionNode, RuleDefinition, Ruleset } from './ruleset';

const shipped = loadRulesetFromDirectory(resolve(__dirname, '../../../rules'));
const FIELD = '$.importerPriorDeclarations';

const ruleWith = (conditions: RuleDefinition['conditions']): RuleDefinition => ({
  id: 'T-1',
  version: 1,
  description: 'test',
  rationale: 'test',
  scope: 'declaration',
  conditions,
  event: { type: 'risk', params: { weight: 10, reasonCode: 'T.ONE', message: 'test' } },
});
const horizonOf = (...conditions: ConditionNode[]) => importerHistoryHorizon({ rules: [ruleWith({ all: conditions })] });
const onCount = (operator: string, value: unknown): ConditionNode => ({ fact: 'declaration', path: FIELD, operator, value });

describe(importerHistoryHorizon.name, () => {
  it('is 1 for the shipped ruleset: only "first-time importer" (equal 0) reads the count', () => {
    expect(importerHistoryHorizon(shipped)).toBe(1);
  });

  it('is the first count past every threshold a rule compares the count with', () => {
    expect(horizonOf(onCount('equal', 0))).toBe(1);
    expect(horizonOf(onCount('notEqual', 4))).toBe(5);
    expect(horizonOf(onCount('lessThan', 5))).toBe(6);
    expect(horizonOf(onCount('lessThanInclusive', 5))).toBe(6);
    expect(horizonOf(onCount('greaterThan', 10))).toBe(11);
    expect(horizonOf(onCount('greaterThanInclusive', 2.5))).toBe(3);
    expect(horizonOf(onCount('between', [2, 8]))).toBe(9);
    expect(horizonOf(onCount('in', [0, 3, 'IMPORT', null]))).toBe(4);
    expect(horizonOf(onCount('notIn', []))).toBe(0);
    expect(horizonOf({ not: { any: [onCount('equal', 0), onCount('greaterThan', 40)] } }, onCount('lessThan', 7))).toBe(41);
  });

  it('is 0 when no rule reads the count, or reads it with an operator that answers alike for every number', () => {
    expect(horizonOf({ fact: 'declaration', path: '$.itemCount', operator: 'greaterThan', value: 100 })).toBe(0);
    expect(horizonOf({ fact: 'item', path: '$.customsValue', operator: 'lessThan', value: 10 })).toBe(0);
    expect(horizonOf(onCount('equal', '0'), onCount('contains', 3), onCount('inList', 'watchedTraders'), onCount('lessThan', -4))).toBe(0);
    expect(importerHistoryHorizon({ rules: [] })).toBe(0);
  });

  it('is Infinity when the count is read in a way the analysis does not model', () => {
    expect(horizonOf({ fact: 'declaration', path: '$..importerPriorDeclarations', operator: 'equal', value: 0 })).toBe(Infinity);
    expect(horizonOf({ fact: 'declaration', path: "$['importerPriorDeclarations']", operator: 'equal', value: 0 })).toBe(Infinity);
    expect(horizonOf({ fact: 'declaration', operator: 'equal', value: 0 })).toBe(Infinity);
    expect(horizonOf(onCount('lessThan', { fact: 'declaration', path: '$.itemCount' }))).toBe(Infinity);
    expect(horizonOf({ fact: 'declaration', path: '$.itemCount', operator: 'lessThan', value: { fact: 'declaration', path: FIELD } })).toBe(
      Infinity,
    );
    expect(horizonOf(onCount('in', '0,1,2'))).toBe(Infinity);
    expect(horizonOf(onCount('someCustomOperator', 1))).toBe(Infinity);
  });

  /**
   * Generated rules (every operator, nested all/any/not) with half their declaration conditions
   * pointed at the count: each rule, alone, must fire on exactly the same declarations and items
   * for every count from its horizon on.
   */
  it('a rule answers the same for every count from its horizon on (generated rules and declarations)', () => {
    const operatorsOnCount = new Set<string>();
    const rewrite = (node: Record<string, unknown>, flip: () => boolean): Record<string, unknown> => {
      for (const key of ['all', 'any']) {
        if (Array.isArray(node[key])) return { [key]: (node[key] as Record<string, unknown>[]).map((child) => rewrite(child, flip)) };
      }
      if (node.not) return { not: rewrite(node.not as Record<string, unknown>, flip) };
      if (node.fact === 'declaration' && typeof node.path === 'string' && flip()) {
        operatorsOnCount.add(String(node.operator));
        return { ...node, path: FIELD };
      }
      return node;
    };
    let flips = 0;
    const rules = generateRules(300, 20261203).map((rule: GeneratedRule) => ({
      ...rule,
      conditions: rewrite(rule.conditions, () => (flips += 1) % 2 === 0),
    })) as unknown as RuleDefinition[];
    const declarations = [
      ...sampleDeclarations(150, { seed: 7, riskShare: 0.5, idPrefix: 'HRZ' }),
      ...fc.sample(declarationArbitrary, { numRuns: 150, seed: 8 }).filter((declaration) => declaration.importer !== undefined),
    ];
    let checkedRules = 0;
    let boundedAbove0 = 0;
    for (const rule of rules) {
      const horizon = importerHistoryHorizon({ rules: [rule] });
      expect(horizon).toBeLessThan(Infinity); // generated paths are plain and `in` values are lists
      if (horizon > 0) boundedAbove0 += 1;
      const ruleset: Ruleset = { ...shipped, rules: [rule] };
      const evaluator = new CompiledRuleEvaluator(ruleset);
      const hitsAt = (declaration: (typeof declarations)[number], count: number) =>
        JSON.stringify(evaluator.evaluateSync(declaration, { importerPriorDeclarations: count, profile: null }).map((hit) => hit.lineNos));
      for (const declaration of declarations) {
        const atHorizon = hitsAt(declaration, horizon);
        for (const count of [horizon + 1, horizon + 9, horizon + 20_000]) {
          if (hitsAt(declaration, count) !== atHorizon) {
            throw new Error(`${rule.id} (horizon ${horizon}) differs at ${count}: ${JSON.stringify(rule.conditions)}`);
          }
        }
      }
      checkedRules += 1;
    }
    expect(checkedRules).toBe(300);
    expect(boundedAbove0).toBeGreaterThan(50);
    expect([...operatorsOnCount].sort()).toEqual(RULE_OPERATORS.filter((operator) => !ITEM_ONLY_OPERATORS.has(operator)).sort());
  });
});
