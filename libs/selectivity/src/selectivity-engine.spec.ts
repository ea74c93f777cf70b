import { resolve } from 'node:path';
import type { Declaration, RiskDecision } from '@app/contracts';
import { aDeclaration, anItem } from '@app/testing';
import { NO_HISTORY } from './facts';
import { JsonRulesEngineEvaluator } from './rule-evaluator';
import { loadRulesetFromDirectory } from './ruleset-loader';
import type { Ruleset } from './ruleset';
import { SelectivityEngine } from './selectivity-engine';

const DECIDED_AT = new Date('2026-11-24T08:00:00Z');
const shipped = loadRulesetFromDirectory(resolve(__dirname, '../../../rules'));
/** The shipped ruleset without the random control sample, so scenarios are about rules only. */
const noControl: Ruleset = { ...shipped, settings: { ...shipped.settings, controlSampleRate: 0 } };
const sut = new SelectivityEngine(noControl, new JsonRulesEngineEvaluator(noControl));

const codes = (decision: RiskDecision) => decision.reasons.map((reason) => reason.code);
const assess = (declaration: Declaration) => sut.assess(declaration, DECIDED_AT);

describe(SelectivityEngine.name, () => {
  it('releases a plain declaration to GREEN with no reasons', async () => {
    const decision = await assess(aDeclaration({ declarationId: 'DEC-PLAIN' }));
    expect(decision).toMatchObject({ declarationId: 'DEC-PLAIN', declarationVersion: 1, lane: 'GREEN', score: 0, reasons: [] });
    expect(decision.rulesetVersion).toBe(shipped.settings.version);
    expect(decision.decidedAt).toBe('2026-11-24T08:00:00.000Z');
  });

  describe('drugs', () => {
    it('sends a precursor chemical to at least YELLOW', async () => {
      const decision = await assess(
        aDeclaration({ items: [anItem({ hsCode: '2932920000', description: 'PMK glycidate', countryOfOrigin: 'CN' })] }),
      );
      expect(codes(decision)).toContain('DRUGS.PRECURSOR');
      expect(['YELLOW', 'RED']).toContain(decision.lane);
    });

    it('flags bananas by sea from Ecuador', async () => {
      const decision = await assess(
        aDeclaration({
          countryOfDeparture: 'EC',
          transportMode: 'SEA',
          items: [anItem({ hsCode: '080390', description: 'Bananas', countryOfOrigin: 'EC', netMassKg: 20000, customsValue: 14000 })],
        }),
      );
      expect(codes(decision)).toEqual(['DRUGS.COCAINE_ROUTE_PERISHABLES']);
      expect(decision.score).toBe(45);
      expect(decision.lane).toBe('YELLOW');
    });

    it('sends a parcel of "research chemicals" by post to RED', async () => {
      const decision = await assess(
        aDeclaration({ transportMode: 'POST', items: [anItem({ hsCode: '382200', description: 'Research chemical, powder sample' })] }),
      );
      expect(codes(decision)).toContain('DRUGS.NPS_DESCRIPTION');
      expect(decision.lane).toBe('RED');
    });
  });

  describe('tobacco', () => {
    it('flags cigarettes through a free zone and lifts them to at least YELLOW', async () => {
      const decision = await assess(
        aDeclaration({
          countryOfDeparture: 'AE',
          routing: ['AE'],
          items: [anItem({ hsCode: '240220', description: 'Cigarettes', netMassKg: 8000, customsValue: 200000 })],
        }),
      );
      expect(codes(decision)).toContain('TOBACCO.FREE_ZONE');
      expect(['YELLOW', 'RED']).toContain(decision.lane);
    });

    it('sends tobacco hidden under a furniture heading to RED', async () => {
      const decision = await assess(
        aDeclaration({ items: [anItem({ hsCode: '940360', description: 'Wooden furniture (contains cigarettes)' })] }),
      );
      expect(codes(decision)).toContain('TOBACCO.MISDESCRIBED');
      expect(decision.lane).toBe('RED');
    });
  });

  describe('CITES', () => {
    it('sends a declaration naming ivory to RED with both CITES reasons', async () => {
      const decision = await assess(
        aDeclaration({
          countryOfDeparture: 'NG',
          items: [
            anItem({ hsCode: '050710', description: 'Carved ivory figurines', countryOfOrigin: 'NG', netMassKg: 12, customsValue: 900 }),
          ],
        }),
      );
      expect(codes(decision)).toEqual(expect.arrayContaining(['CITES.SPECIES_NAMED', 'CITES.ANIMAL_PRODUCT']));
      expect(decision.lane).toBe('RED');
    });
  });

  describe('counterfeits', () => {
    it('flags cheap branded T-shirts from China', async () => {
      const decision = await assess(
        aDeclaration({
          countryOfDeparture: 'CN',
          items: [
            anItem({ hsCode: '610910', description: 'T-shirts', countryOfOrigin: 'CN', netMassKg: 1000, customsValue: 2500, taxRate: 12 }),
          ],
        }),
      );
      expect(codes(decision)).toEqual(expect.arrayContaining(['IPR.COUNTERFEIT_PROFILE', 'VALUATION.FAR_BELOW_REFERENCE']));
      expect(decision.lane).toBe('YELLOW');
    });

    it('sends "replica" handbags to RED', async () => {
      const decision = await assess(
        aDeclaration({
          items: [anItem({ hsCode: '420221', description: 'Replica designer handbags AAA quality', customsValue: 50000, netMassKg: 400 })],
        }),
      );
      expect(codes(decision)).toContain('IPR.COPY_TERMS');
      expect(decision.lane).toBe('RED');
    });
  });

  describe('weapons', () => {
    it('sends arms to RED', async () => {
      const decision = await assess(aDeclaration({ items: [anItem({ hsCode: '930320', description: 'Sporting shotguns' })] }));
      expect(codes(decision)).toContain('WEAPONS.ARMS');
      expect(decision.lane).toBe('RED');
    });

    it('sends weapon parts declared as sports goods to RED', async () => {
      const decision = await assess(aDeclaration({ items: [anItem({ hsCode: '950699', description: 'Gun barrel kits for sport' })] }));
      expect(codes(decision)).toContain('WEAPONS.MISDESCRIBED');
      expect(decision.lane).toBe('RED');
    });

    it('holds dual-use machine tools exported to a sanctioned destination', async () => {
      const decision = await assess(
        aDeclaration({
          type: 'EXPORT',
          countryOfDestination: 'RU',
          items: [anItem({ hsCode: '845611', description: 'Laser cutting machine' })],
        }),
      );
      expect(codes(decision)).toEqual(expect.arrayContaining(['EXPORT_CONTROL.SANCTIONED_DESTINATION', 'EXPORT_CONTROL.SANCTIONED_ROUTE']));
      expect(decision.lane).toBe('RED');
    });
  });

  describe('undervaluation', () => {
    it('sends a far-undervalued item at least to BLUE', async () => {
      const decision = await assess(
        aDeclaration({
          items: [
            anItem({ hsCode: '870323', description: 'Used car', countryOfOrigin: 'JP', netMassKg: 1000, customsValue: 1000, taxRate: 10 }),
          ],
        }),
      );
      expect(codes(decision)).toEqual(['VALUATION.FAR_BELOW_REFERENCE']);
      expect(decision.score).toBe(35);
      expect(decision.lane).toBe('BLUE');
    });

    it('sends a moderately undervalued item to BLUE for post-release audit', async () => {
      const decision = await assess(
        aDeclaration({
          items: [anItem({ hsCode: '847130', description: 'Laptops', countryOfOrigin: 'TW', netMassKg: 1000, customsValue: 60000 })],
        }),
      );
      expect(codes(decision)).toEqual(['VALUATION.BELOW_REFERENCE']);
      expect(decision.lane).toBe('BLUE');
    });
  });

  describe('origin misdeclaration', () => {
    it('flags solar panels from China declared as Malaysian origin', async () => {
      const decision = await assess(
        aDeclaration({
          countryOfDeparture: 'CN',
          items: [anItem({ hsCode: '854143', description: 'PV modules', countryOfOrigin: 'MY', netMassKg: 10000, customsValue: 60000 })],
        }),
      );
      expect(codes(decision)).toEqual(expect.arrayContaining(['ORIGIN.DUMPING_CIRCUMVENTION', 'ORIGIN.DEPARTURE_MISMATCH']));
      expect(decision.score).toBe(67);
      expect(decision.lane).toBe('YELLOW');
    });
  });

  describe('traders and routes', () => {
    it('sends a watch-listed importer to RED', async () => {
      const decision = await assess(aDeclaration({ importer: { id: 'TRD-WATCH-0001' } }));
      expect(codes(decision)).toEqual(['TRADER.WATCH_LIST']);
      expect(decision.lane).toBe('RED');
    });

    it('adds route risk for a circuitous route through a free zone', async () => {
      const decision = await assess(aDeclaration({ routing: ['AE', 'TR', 'GR'] }));
      expect(codes(decision)).toEqual(['ROUTE.FREE_ZONE_TRANSIT', 'ROUTE.CIRCUITOUS']);
      expect(decision.score).toBe(27.75);
      expect(decision.lane).toBe('BLUE');
    });
  });

  describe('AEO facilitation', () => {
    it('lowers the score of an AEO importer', async () => {
      const declaration = aDeclaration({
        importer: { id: 'IMP-AEO', aeo: true },
        countryOfDeparture: 'EC',
        transportMode: 'SEA',
        items: [anItem({ hsCode: '080390', description: 'Bananas', countryOfOrigin: 'EC', netMassKg: 20000, customsValue: 14000 })],
      });
      const decision = await assess(declaration);
      expect(decision.score).toBe(30);
      expect(decision.lane).toBe('BLUE');
      expect(decision.reasons.at(-1)).toMatchObject({ source: 'OVERRIDE', code: 'AEO.FACILITATION', contribution: -15 });
    });

    it('never lowers the lane below a mandatory rule', async () => {
      const decision = await assess(
        aDeclaration({ importer: { id: 'IMP-AEO', aeo: true }, items: [anItem({ hsCode: '930320', description: 'Shotguns' })] }),
      );
      expect(decision.score).toBe(55);
      expect(decision.lane).toBe('RED');
    });
  });

  describe('control sample', () => {
    it('marks a randomly selected declaration CONTROL and raises it to the control lane', async () => {
      const always: Ruleset = { ...shipped, settings: { ...shipped.settings, controlSampleRate: 1 } };
      const decision = await new SelectivityEngine(always, new JsonRulesEngineEvaluator(always)).assess(aDeclaration(), DECIDED_AT);
      expect(decision.lane).toBe('RED');
      expect(decision.reasons).toEqual([expect.objectContaining({ source: 'CONTROL', code: 'CONTROL.RANDOM_SAMPLE', contribution: 0 })]);
    });
  });

  describe('lane thresholds', () => {
    it('applies the thresholds of the declaration type', async () => {
      const declaration = aDeclaration({
        type: 'EXPORT',
        countryOfDeparture: 'EC',
        transportMode: 'SEA',
        items: [anItem({ hsCode: '080390', description: 'Bananas', countryOfOrigin: 'EC', netMassKg: 20000, customsValue: 14000 })],
      });
      const decision = await assess(declaration);
      expect(decision.score).toBe(45);
      expect(decision.lane).toBe('BLUE');
    });
  });

  it('gives amendments their own decision id and keeps it stable', async () => {
    const first = await assess(aDeclaration({ declarationId: 'DEC-AMEND', version: 1 }));
    const again = await assess(aDeclaration({ declarationId: 'DEC-AMEND', version: 1 }));
    const amended = await assess(aDeclaration({ declarationId: 'DEC-AMEND', version: 2 }));
    expect(again.decisionId).toBe(first.decisionId);
    expect(amended.decisionId).not.toBe(first.decisionId);
  });
});

describe(`${SelectivityEngine.name} with trader history`, () => {
  it('flags a first-time importer, and a first-time importer of excise goods more', async () => {
    const plain = await sut.assess(aDeclaration(), DECIDED_AT, { ...NO_HISTORY, importerPriorDeclarations: 0 });
    expect(plain.reasons.map((r) => r.code)).toEqual(['TRADER.FIRST_TIME_IMPORTER']);
    expect(plain.lane).toBe('GREEN');
    const wine = await sut.assess(
      aDeclaration({ items: [anItem({ hsCode: '220421', description: 'Red wine', customsValue: 60000 })] }),
      DECIDED_AT,
      { ...NO_HISTORY, importerPriorDeclarations: 0 },
    );
    expect(wine.reasons.map((r) => r.code)).toEqual(['TRADER.FIRST_TIME_SENSITIVE_GOODS', 'TRADER.FIRST_TIME_IMPORTER']);
    expect(wine.lane).toBe('YELLOW');
  });

  it('does not flag an importer with a history', async () => {
    const decision = await sut.assess(aDeclaration(), DECIDED_AT, { ...NO_HISTORY, importerPriorDeclarations: 12 });
    expect(decision.reasons).toEqual([]);
  });
});

describe(`${SelectivityEngine.name} with validity windows`, () => {
  it('applies a rule only inside its validity window, judged on the submission time', async () => {
    const windowed: Ruleset = {
      ...noControl,
      rules: noControl.rules.map((rule) =>
        rule.id === 'WPN-001' ? { ...rule, validFrom: '2026-01-01T00:00:00Z', validTo: '2027-01-01T00:00:00Z' } : rule,
      ),
    };
    const engine = new SelectivityEngine(windowed, new JsonRulesEngineEvaluator(windowed));
    const arms = (submittedAt: string) =>
      aDeclaration({ submittedAt, items: [anItem({ hsCode: '930320', description: 'Sporting shotguns' })] });
    expect((await engine.assess(arms('2026-06-01T00:00:00Z'), DECIDED_AT)).reasons.map((r) => r.code)).toContain('WEAPONS.ARMS');
    expect((await engine.assess(arms('2025-12-31T23:59:59Z'), DECIDED_AT)).reasons.map((r) => r.code)).not.toContain('WEAPONS.ARMS');
    expect((await engine.assess(arms('2027-01-01T00:00:00Z'), DECIDED_AT)).reasons.map((r) => r.code)).not.toContain('WEAPONS.ARMS');
  });
});
