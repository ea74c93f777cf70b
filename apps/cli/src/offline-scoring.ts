import type { Declaration, RiskDecision } from '@app/contracts';
import { ProfileBook, assessProfiles, calibrate, seizureAsDeclaration, type HistoryEvent, type ProfileSettings } from '@app/profiles';
import { CompiledRuleEvaluator, SelectivityEngine, type Ruleset } from '@app/selectivity';
import type { HistoryRecord } from './history/history-record';
import { ProgressBar } from './progress-bar';

/** History entries as profile evidence: inspections as they were, seizures as SEIZURE outcomes. */
export function historyEvents(records: HistoryRecord[]): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  for (const record of records) {
    if (record.kind === 'inspection') {
      events.push({
        declaration: record.declaration,
        result: record.outcome.result,
        at: new Date(record.outcome.inspectedAt),
        revenueRecovered: record.outcome.revenueRecovered,
      });
    } else if (record.kind === 'seizure') {
      events.push({ declaration: seizureAsDeclaration(record.seizure), result: 'SEIZURE', at: new Date(record.seizure.seizedAt) });
    }
  }
  return events.sort((a, b) => a.at.getTime() - b.at.getTime());
}

export interface OfflineScoring {
  decisions: RiskDecision[];
  profiles: ProfileSettings;
  trainingRows: number;
}

/**
 * Scores declarations the way the service does, with profiles built from the history only:
 * the same SelectivityEngine, rules and profile assessment. With `calibrateWeights`, the profile
 * weights are first fitted on the history (never on the input).
 */
export async function scoreOffline(
  history: HistoryRecord[],
  declarations: Declaration[],
  ruleset: Ruleset,
  calibrateWeights: boolean,
): Promise<OfflineScoring> {
  const events = historyEvents(history);
  let profiles = ruleset.profiles;
  let trainingRows = 0;
  if (calibrateWeights) {
    const progress = new ProgressBar('calibrating weights');
    const result = calibrate(events, ruleset.profiles, { onProgress: (done, total) => progress.update(done, total) });
    profiles = result.settings;
    trainingRows = result.trainingRows;
  }

  const book = new ProfileBook({ halfLifeDays: profiles.halfLifeDays, priorStrength: profiles.priorStrength });
  const building = new ProgressBar('building profiles');
  events.forEach((event, index) => {
    book.record(event.declaration, event.result, event.at, event.revenueRecovered ?? 0);
    if (index % 1000 === 0 || index === events.length - 1) building.update(index + 1, events.length);
  });
  for (const record of history) if (record.kind === 'declaration') book.noteDeclaration(record.declaration);

  const effective: Ruleset = { ...ruleset, profiles };
  const engine = new SelectivityEngine(effective, new CompiledRuleEvaluator(effective));
  const scoring = new ProgressBar('scoring');
  const decisions: RiskDecision[] = [];
  for (const [index, declaration] of declarations.entries()) {
    const at = new Date(declaration.submittedAt);
    const profile = assessProfiles(book, profiles, declaration, at);
    decisions.push(await engine.assess(declaration, at, { importerPriorDeclarations: book.priorDeclarationsOf(declaration), profile }));
    if (index % 200 === 0 || index === declarations.length - 1) scoring.update(index + 1, declarations.length);
  }
  return { decisions, profiles, trainingRows };
}
