import { aDeclaration, anItem } from '@app/testing';
import { assessProfiles } from './profile-assessment';
import { ProfileBook } from './profile-book';
import { DEFAULT_PROFILE_SETTINGS, type ProfileSettings } from './profile-settings';

const AT = new Date('2026-06-01T00:00:00Z');
const settings: ProfileSettings = { ...DEFAULT_PROFILE_SETTINGS, weights: { importer: 1, hs6xorigin: 1 }, offset: 0 };

function book(): ProfileBook {
  const sut = new ProfileBook({ halfLifeDays: 365, priorStrength: 2 });
  for (let i = 0; i < 200; i += 1) {
    sut.record(
      aDeclaration({ importer: { id: `BG-${i}` }, items: [anItem({ hsCode: '440711' })] }),
      i % 5 === 0 ? 'IRREGULARITY' : 'NO_FINDING',
      new Date('2026-05-01T00:00:00Z'),
    );
  }
  return sut;
}

describe(assessProfiles.name, () => {
  it('contributes nothing for a declaration history knows nothing about', () => {
    const result = assessProfiles(
      book(),
      settings,
      aDeclaration({ importer: { id: 'UNSEEN' }, items: [anItem({ hsCode: '950300' })] }),
      AT,
    );
    expect(result.contribution).toBe(0);
    expect(result.reasons).toEqual([]);
  });

  it('explains a risky declaration with PROFILE reasons whose contributions add up to at most the total', () => {
    const history = book();
    const risky = aDeclaration({ importer: { id: 'RISKY' }, items: [anItem({ hsCode: '950300', countryOfOrigin: 'CN' })] });
    for (let i = 0; i < 8; i += 1) history.record(risky, i < 6 ? 'IRREGULARITY' : 'SEIZURE', new Date('2026-05-20T00:00:00Z'));
    const result = assessProfiles(history, settings, risky, AT);
    expect(result.probability).toBeGreaterThan(0.9);
    expect(result.contribution).toBeGreaterThan(80);
    expect(result.reasons.map((r) => r.code).sort()).toEqual(['PROFILE.HS6_ORIGIN', 'PROFILE.IMPORTER']);
    const sum = result.reasons.reduce((total, r) => total + r.contribution, 0);
    expect(sum).toBeLessThanOrEqual(result.contribution + 0.01);
    expect(result.reasons.find((r) => r.code === 'PROFILE.IMPORTER')?.message).toBe(
      'Importer RISKY: 8 hits, 2 seizures in 8 inspections, hit rate 84% against 23% overall; last hit 2026-05-20',
    );
    expect(result.indicators.importer).toMatchObject({ key: 'RISKY', inspections: 8, hits: 8, seizures: 2 });
  });

  it('lets the riskiest item speak for the declaration', () => {
    const history = book();
    const bad = anItem({ lineNo: 2, hsCode: '950300', countryOfOrigin: 'CN' });
    history.record(aDeclaration({ importer: { id: 'X' }, items: [bad] }), 'IRREGULARITY', new Date('2026-05-20T00:00:00Z'));
    history.record(aDeclaration({ importer: { id: 'Y' }, items: [bad] }), 'IRREGULARITY', new Date('2026-05-20T00:00:00Z'));
    const single = assessProfiles(history, settings, aDeclaration({ importer: { id: 'Z' }, items: [bad] }), AT);
    const mixed = assessProfiles(history, settings, aDeclaration({ importer: { id: 'Z' }, items: [anItem({ lineNo: 1 }), bad] }), AT);
    expect(mixed.probability).toBeCloseTo(single.probability, 10);
  });
});
