import * as fc from 'fast-check';
import { resolve } from 'node:path';
import { declarationArbitrary } from '@app/testing';
import { laneRank } from './lanes';
import { JsonRulesEngineEvaluator } from './rule-evaluator';
import { loadRulesetFromDirectory } from './ruleset-loader';
import type { Ruleset } from './ruleset';
import { SelectivityEngine } from './selectivity-engine';

const shipped = loadRulesetFromDirectory(resolve(__dirname, '../../../rules'));
const withControl: Ruleset = { ...shipped, settings: { ...shipped.settings, controlSampleRate: 0.2 } };
const sut = new SelectivityEngine(withControl, new JsonRulesEngineEvaluator(withControl));
const decidedAt = new Date('2026-11-24T08:00:00Z');

describe(`${SelectivityEngine.name} properties`, () => {
  it('keeps every score within 0 to 100', async () => {
    await fc.assert(
      fc.asyncProperty(declarationArbitrary, async (declaration) => {
        const decision = await sut.assess(declaration, decidedAt);
        return decision.score >= 0 && decision.score <= 100;
      }),
      { numRuns: 400 },
    );
  });

  it('never puts a declaration below the minimum lane of a rule that fired', async () => {
    const rules = new Map(withControl.rules.map((rule) => [rule.id, rule]));
    await fc.assert(
      fc.asyncProperty(declarationArbitrary, async (declaration) => {
        const decision = await sut.assess(declaration, decidedAt);
        for (const reason of decision.reasons) {
          const minimum = reason.ruleId ? rules.get(reason.ruleId)?.event.params.minimumLane : undefined;
          if (minimum && laneRank(decision.lane) < laneRank(minimum)) return false;
        }
        return true;
      }),
      { numRuns: 400 },
    );
  });

  it('gives the same decision for the same declaration and ruleset version', async () => {
    const twin = new SelectivityEngine(withControl, new JsonRulesEngineEvaluator(withControl));
    await fc.assert(
      fc.asyncProperty(declarationArbitrary, async (declaration) => {
        const first = await sut.assess(declaration, decidedAt);
        const second = await twin.assess(structuredClone(declaration), decidedAt);
        expect(second).toEqual(first);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same decisions when assessments run concurrently', async () => {
    const declarations = fc.sample(declarationArbitrary, { numRuns: 200, seed: 7 });
    const sequential = [];
    for (const declaration of declarations) sequential.push(await sut.assess(declaration, decidedAt));
    const concurrent = await Promise.all(declarations.map((declaration) => sut.assess(declaration, decidedAt)));
    expect(concurrent).toEqual(sequential);
  });
});
