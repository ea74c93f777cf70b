import { resolve } from 'node:path';
import type { Declaration } from '@app/contracts';
import { loadRulesetFromDirectory } from '@app/selectivity';
import { aDeclaration, anItem } from '@app/testing';
import type { HistoryRecord } from './history/history-record';
import { scoreOffline } from './offline-scoring';

const ruleset = loadRulesetFromDirectory(resolve(__dirname, '../../../rules'));
const noControl = { ...ruleset, settings: { ...ruleset.settings, controlSampleRate: 0 } };

function inspected(id: number, declaration: Partial<Declaration>, hit: boolean): HistoryRecord {
  const d = aDeclaration({ declarationId: `H${id}`, submittedAt: '2026-03-01T00:00:00Z', ...declaration });
  return {
    kind: 'inspection',
    declaration: d,
    outcome: {
      outcomeId: `O${id}`,
      declarationId: d.declarationId,
      result: hit ? 'IRREGULARITY' : 'NO_FINDING',
      inspectedAt: d.submittedAt,
    },
  };
}

describe(scoreOffline.name, () => {
  const history: HistoryRecord[] = [];
  for (let i = 0; i < 300; i += 1) history.push(inspected(i, { importer: { id: `IMP-${i % 50}` } }, i % 10 === 0));
  for (let i = 300; i < 320; i += 1) {
    history.push(
      inspected(
        i,
        { importer: { id: `IMP-${i % 50}` }, items: [anItem({ hsCode: '950300', countryOfOrigin: 'CN', taxType: 'C' })] },
        i % 4 !== 0,
      ),
    );
  }

  it('scores a declaration matching a risky history above one that does not, and explains it', async () => {
    const risky = aDeclaration({
      declarationId: 'IN-1',
      importer: { id: 'IMP-7' },
      submittedAt: '2026-04-01T00:00:00Z',
      items: [anItem({ hsCode: '950300', countryOfOrigin: 'CN', taxType: 'C' })],
    });
    const plain = aDeclaration({ declarationId: 'IN-2', importer: { id: 'IMP-7' }, submittedAt: '2026-04-01T00:00:00Z' });
    const { decisions } = await scoreOffline(history, [risky, plain], noControl, false);
    const [riskyDecision, plainDecision] = decisions;
    expect(riskyDecision!.score).toBeGreaterThan(plainDecision!.score + 20);
    expect(riskyDecision!.reasons.some((r) => r.source === 'PROFILE' && r.code === 'PROFILE.HS6_ORIGIN_TAX_TYPE')).toBe(true);
  });

  it('gives the same decisions on the same history and input', async () => {
    const input = [aDeclaration({ declarationId: 'IN-3', submittedAt: '2026-04-01T00:00:00Z' })];
    const first = await scoreOffline(history, input, noControl, false);
    const second = await scoreOffline(history, input, noControl, false);
    expect(second.decisions).toEqual(first.decisions);
  });
});
