import { resolve } from 'node:path';
import { DEFAULT_PROFILE_SETTINGS, ProfileBook, assessProfiles } from '@app/profiles';
import { aDeclaration } from '@app/testing';
import { CompiledRuleEvaluator } from './compiled-evaluator';
import { NO_HISTORY, type RiskContext } from './facts';
import { JsonRulesEngineEvaluator } from './rule-evaluator';
import { loadRulesetFromDirectory } from './ruleset-loader';
import type { Ruleset } from './ruleset';

/**
 * The derived indicators reach a rule as `$.indicators.<dimension>` of the declaration fact. They
 * are built only when a rule reads them (ProfileAssessment), so both evaluators must see them
 * then, and see the same values.
 */
describe('indicator facts', () => {
  const AT = new Date('2026-06-01T00:00:00Z');
  const shipped = loadRulesetFromDirectory(resolve(__dirname, '../../../rules'));
  const template = shipped.rules[0]!;
  const ruleset: Ruleset = {
    ...shipped,
    rules: [
      {
        ...template,
        id: 'PROFILE-IMPORTER-HIT-RATE',
        conditions: { all: [{ fact: 'declaration', path: '$.indicators.importer.hitRate', operator: 'greaterThan', value: 0.5 }] },
      },
    ],
  };
  const book = new ProfileBook({ halfLifeDays: 365, priorStrength: 2 });
  for (let i = 0; i < 20; i += 1) {
    book.record(aDeclaration({ declarationId: `BG-${i}`, importer: { id: `BG-${i}` } }), 'NO_FINDING', AT);
  }
  for (let i = 0; i < 6; i += 1) book.record(aDeclaration({ declarationId: `RISKY-${i}`, importer: { id: 'RISKY' } }), 'SEIZURE', AT);
  const contextOf = (importerId: string): [ReturnType<typeof aDeclaration>, RiskContext] => {
    const declaration = aDeclaration({ importer: { id: importerId } });
    return [declaration, { ...NO_HISTORY, profile: assessProfiles(book, DEFAULT_PROFILE_SETTINGS, declaration, AT) }];
  };

  it.each([
    ['compiled', new CompiledRuleEvaluator(ruleset)],
    ['json-rules-engine', new JsonRulesEngineEvaluator(ruleset)],
  ])('lets a rule read an indicator of the importer (%s)', async (_name, evaluator) => {
    const [risky, riskyContext] = contextOf('RISKY');
    const [plain, plainContext] = contextOf('BG-1');
    expect((await evaluator.evaluate(risky, riskyContext)).map((hit) => hit.rule.id)).toEqual(['PROFILE-IMPORTER-HIT-RATE']);
    expect(await evaluator.evaluate(plain, plainContext)).toEqual([]);
    expect(await evaluator.evaluate(risky, NO_HISTORY)).toEqual([]);
  });

  it('gives the same indicators whether read before or after the assessment is serialized', () => {
    const [, context] = contextOf('RISKY');
    const serialized = JSON.parse(JSON.stringify(context.profile)) as { indicators: Record<string, { hitRate: number }> };
    expect(serialized.indicators.importer?.hitRate).toBeGreaterThan(0.5);
    expect(serialized.indicators).toEqual(JSON.parse(JSON.stringify(context.profile?.indicators)));
  });
});
