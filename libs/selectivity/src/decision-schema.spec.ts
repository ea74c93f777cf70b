import { resolve } from 'node:path';
import { sampleDeclarations } from '@app/testing';
import { contractSchema } from '../../testing/src/contract-schemas';
import { JsonRulesEngineEvaluator } from './rule-evaluator';
import { loadRulesetFromDirectory } from './ruleset-loader';
import { SelectivityEngine } from './selectivity-engine';

describe('decisions against the published risk-decision schema', () => {
  it('every decision of the shipped ruleset over 500 declarations, in all four lanes, is valid', async () => {
    const shipped = loadRulesetFromDirectory(resolve(__dirname, '../../../rules'));
    const engine = new SelectivityEngine(shipped, new JsonRulesEngineEvaluator(shipped));
    const validate = contractSchema('risk-decision');
    const lanes = new Set<string>();
    for (const declaration of sampleDeclarations(500, { seed: 5, riskShare: 0.5 })) {
      const decision = JSON.parse(JSON.stringify(await engine.assess(declaration, new Date('2026-11-24T08:00:00Z')))) as { lane: string };
      expect([validate(decision), validate.errors]).toEqual([true, null]);
      lanes.add(decision.lane);
    }
    expect([...lanes].sort()).toEqual(['BLUE', 'GREEN', 'RED', 'YELLOW']);
  });
});
