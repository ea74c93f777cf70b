import { resolve } from 'node:path';
import { DIFFERENTIAL_RULES, aDeclaration, anItem } from '@app/testing';
import { CompiledRuleEvaluator } from './compiled-evaluator';
import { RULE_OPERATORS } from './operators';
import { loadRulesetFromDirectory } from './ruleset-loader';

describe(CompiledRuleEvaluator.name, () => {
  const shipped = loadRulesetFromDirectory(resolve(__dirname, '../../../rules'));

  it('finds the rules a declaration meets, with the item lines', () => {
    const sut = new CompiledRuleEvaluator(shipped);
    const hits = sut.evaluateSync(
      aDeclaration({
        items: [
          anItem({ lineNo: 1 }),
          anItem({ lineNo: 2, hsCode: '930320', description: 'Shotguns' }),
          anItem({ lineNo: 3, hsCode: '930390' }),
        ],
      }),
    );
    expect(hits.map((hit) => [hit.rule.id, hit.lineNos])).toEqual([['WPN-001', [2, 3]]]);
  });

  it('the differential rules use every operator of the rule language', () => {
    const used = new Set<string>();
    const visit = (node: unknown): void => {
      if (typeof node !== 'object' || node === null) return;
      const condition = node as Record<string, unknown>;
      if (typeof condition.operator === 'string') used.add(condition.operator);
      for (const key of ['all', 'any']) if (Array.isArray(condition[key])) (condition[key] as unknown[]).forEach(visit);
      if (condition.not) visit(condition.not);
    };
    DIFFERENTIAL_RULES.forEach((rule) => visit(rule.conditions));
    expect([...used].sort()).toEqual([...RULE_OPERATORS].sort());
  });
});
