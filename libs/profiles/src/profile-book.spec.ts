import type { Declaration } from '@app/contracts';
import * as fc from 'fast-check';
import { aDeclaration, anItem, declarationArbitrary, sampleDeclarations } from '@app/testing';
import { PROFILE_DIMENSIONS } from './dimensions';
import { ProfileBook } from './profile-book';
import { seizureAsDeclaration } from './seizure-evidence';

const AT = new Date('2026-06-01T00:00:00Z');
const daysBefore = (days: number) => new Date(AT.getTime() - days * 86_400_000);
const indicator = (book: ProfileBook, declaration: Declaration, dimension: string) =>
  book.indicators(declaration, declaration.items[0]!, AT).find((i) => i.dimension.name === dimension)!;

function bookWithBackground(): ProfileBook {
  const book = new ProfileBook({ halfLifeDays: 365, priorStrength: 2 });
  // 100 unrelated inspections, 20 hits: a base rate near 20%.
  for (let i = 0; i < 100; i += 1) {
    book.record(aDeclaration({ importer: { id: `BACKGROUND-${i}` } }), i % 5 === 0 ? 'IRREGULARITY' : 'NO_FINDING', daysBefore(30));
  }
  return book;
}

describe(ProfileBook.name, () => {
  it('gives an unseen key the base rate and no lift', () => {
    const sut = bookWithBackground();
    const unseen = indicator(sut, aDeclaration({ importer: { id: 'NEW' } }), 'importer');
    expect(unseen.inspections).toBe(0);
    expect(unseen.hitRate).toBeCloseTo(sut.baseRate(AT), 10);
    expect(unseen.lift).toBeCloseTo(0, 10);
  });

  it('moves an indicator only a bounded amount on a single seizure', () => {
    const sut = bookWithBackground();
    const trader = aDeclaration({ importer: { id: 'TRADER-1' } });
    sut.record(trader, 'SEIZURE', daysBefore(1));
    const after = indicator(sut, trader, 'importer');
    const p0 = sut.baseRate(AT);
    // (1 + m * p0) / (1 + m) with m = 2: one hit cannot take the rate above about 0.47 here.
    expect(after.hitRate).toBeLessThanOrEqual((1 + 2 * p0) / 3 + 1e-9);
    expect(after.hitRate).toBeGreaterThan(p0);
    expect(after.seizures).toBe(1);
  });

  it('lets repeated hits raise the indicator further', () => {
    const sut = bookWithBackground();
    const trader = aDeclaration({ importer: { id: 'TRADER-2' } });
    for (let i = 0; i < 10; i += 1) sut.record(trader, 'IRREGULARITY', daysBefore(5));
    expect(indicator(sut, trader, 'importer').hitRate).toBeGreaterThan(0.85);
  });

  it('weighs old evidence less than recent evidence', () => {
    const sut = bookWithBackground();
    const recent = aDeclaration({ importer: { id: 'RECENT' } });
    const old = aDeclaration({ importer: { id: 'OLD' } });
    for (let i = 0; i < 3; i += 1) {
      sut.record(recent, 'IRREGULARITY', daysBefore(10));
      sut.record(old, 'IRREGULARITY', daysBefore(1000));
    }
    const recentIndicator = indicator(sut, recent, 'importer');
    const oldIndicator = indicator(sut, old, 'importer');
    expect(oldIndicator.hits).toBe(recentIndicator.hits);
    expect(oldIndicator.weightedInspections).toBeLessThan(recentIndicator.weightedInspections / 3);
    expect(oldIndicator.lift).toBeLessThan(recentIndicator.lift);
  });

  it('keys combinations such as HS6 x origin', () => {
    const sut = bookWithBackground();
    const declaration = aDeclaration({ items: [anItem({ hsCode: '3926909000', countryOfOrigin: 'CN' })] });
    sut.record(declaration, 'IRREGULARITY', daysBefore(2));
    const combined = indicator(sut, declaration, 'hs6xorigin');
    expect(combined.key).toBe('392690|CN');
    expect(combined.hits).toBe(1);
    expect(combined.dimension.describe(combined.key)).toBe('HS 392690 from CN');
  });

  it('feeds a seizure record into the dimensions it describes', () => {
    const sut = bookWithBackground();
    sut.record(
      seizureAsDeclaration({
        seizureId: 'S-1',
        seizedAt: daysBefore(3).toISOString(),
        category: 'TOBACCO',
        hsCode: '240220',
        countryOfOrigin: 'AE',
        countryOfDeparture: 'AE',
        transportMode: 'SEA',
        offenders: [{ kind: 'COMPANY', id: 'SMUGGLER-LTD' }],
      }),
      'SEIZURE',
      daysBefore(3),
    );
    const declaration = aDeclaration({
      importer: { id: 'SMUGGLER-LTD' },
      countryOfDeparture: 'AE',
      items: [anItem({ hsCode: '240220', countryOfOrigin: 'AE' })],
    });
    expect(indicator(sut, declaration, 'importer').seizures).toBe(1);
    expect(indicator(sut, declaration, 'hs6xorigin').seizures).toBe(1);
    expect(indicator(sut, declaration, 'declarant').seizures).toBe(0);
  });

  it('counts a declaration once per key whatever its items', () => {
    const sut = new ProfileBook({ halfLifeDays: 365, priorStrength: 2 });
    const declaration = aDeclaration({ items: [anItem({ lineNo: 1 }), anItem({ lineNo: 2 })] });
    sut.record(declaration, 'IRREGULARITY', daysBefore(1));
    expect(indicator(sut, declaration, 'importer').inspections).toBe(1);
  });

  it('gives every item of a declaration the same key on a dimension of the declaration alone', () => {
    fc.assert(
      fc.property(declarationArbitrary, (declaration) => {
        for (const dimension of PROFILE_DIMENSIONS.filter((d) => d.scope === 'declaration')) {
          const keys = new Set(declaration.items.map((item) => dimension.keyOf(declaration, item)));
          expect(keys.size).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('gives, item by item, the same indicators from indicatorsOfItems as from indicators', () => {
    const sut = bookWithBackground();
    const multiItem = fc.sample(declarationArbitrary, { numRuns: 200, seed: 6 }).filter((d) => d.items.length > 1);
    expect(multiItem.length).toBeGreaterThan(20);
    const history = [...sampleDeclarations(300, { seed: 5, idPrefix: 'HIST', riskShare: 0.4 }), ...multiItem.slice(0, 60)];
    history.forEach((declaration, index) => sut.record(declaration, index % 3 === 0 ? 'SEIZURE' : 'NO_FINDING', daysBefore(index % 90)));
    for (const declaration of [...history.slice(0, 50), ...multiItem]) {
      const byItem = declaration.items.map((item) => sut.indicators(declaration, item, AT));
      expect(sut.indicatorsOfItems(declaration, AT)).toEqual(byItem);
    }
  });
});
