import { resolve } from 'node:path';
import type { Declaration, InspectionResult } from '@app/contracts';
import { loadRulesetFromDirectory } from '@app/selectivity';
import { SeededRandom, aDeclaration, anItem } from '@app/testing';
import type { HistoryRecord } from './history/history-record';
import { isoWeek, replayOnline } from './online-replay';

const ruleset = loadRulesetFromDirectory(resolve(__dirname, '../../../rules'));

describe(isoWeek.name, () => {
  it.each([
    ['2021-01-01T00:00:00Z', '2020-W53'],
    ['2021-01-04T00:00:00Z', '2021-W01'],
    ['2021-03-31T00:00:00Z', '2021-W13'],
  ])('puts %s in %s', (date, week) => {
    expect(isoWeek(new Date(date))).toBe(week);
  });
});

describe(replayOnline.name, () => {
  it('learns a new fraud pattern from the outcomes it reveals, and does not without feedback', async () => {
    const random = new SeededRandom(5);
    const history: HistoryRecord[] = Array.from({ length: 400 }, (_, i) => {
      const declaration = aDeclaration({ declarationId: `H${i}`, submittedAt: '2026-01-10T00:00:00Z', importer: { id: `IMP-${i % 80}` } });
      return {
        kind: 'inspection',
        declaration,
        outcome: {
          outcomeId: `HO${i}`,
          declarationId: declaration.declarationId,
          result: random.chance(0.2) ? 'IRREGULARITY' : 'NO_FINDING',
          inspectedAt: declaration.submittedAt,
        },
      };
    });
    // Eight weeks of input; a new trader shipping toys from CN is always caught, everything else at 10%.
    const declarations: Declaration[] = [];
    const outcomes = new Map<string, InspectionResult>();
    for (let week = 0; week < 8; week += 1) {
      for (let i = 0; i < 100; i += 1) {
        const fraudster = i < 10;
        const declaration = aDeclaration({
          declarationId: `W${week}-${i}`,
          submittedAt: new Date(Date.parse('2026-03-02T00:00:00Z') + week * 7 * 86_400_000).toISOString(),
          importer: { id: fraudster ? 'NEW-TOYS-LTD' : `IMP-${i % 80}` },
          items: [fraudster ? anItem({ hsCode: '950300', countryOfOrigin: 'CN', taxType: 'C' }) : anItem()],
        });
        declarations.push(declaration);
        outcomes.set(declaration.declarationId, fraudster || random.chance(0.1) ? 'IRREGULARITY' : 'NO_FINDING');
      }
    }
    const { withFeedback, withoutFeedback } = await replayOnline(history, declarations, outcomes, ruleset, {
      inspectionRate: 10,
      controlRate: 20,
      calibrateWeights: false,
    });
    const lastWeeks = (weeks: typeof withFeedback) =>
      weeks.slice(4).reduce((sum, w) => sum + w.targetedHits, 0) / weeks.slice(4).reduce((sum, w) => sum + w.targeted, 0);
    expect(withFeedback).toHaveLength(8);
    expect(lastWeeks(withFeedback)).toBeGreaterThan(0.8);
    expect(lastWeeks(withoutFeedback)).toBeLessThan(0.5);
  });
});
