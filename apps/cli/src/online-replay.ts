import { isHit, type Declaration, type InspectionResult } from '@app/contracts';
import { ProfileBook, assessProfiles, calibrate, type ProfileSettings } from '@app/profiles';
import { CompiledRuleEvaluator, SelectivityEngine, controlDraw, type Ruleset } from '@app/selectivity';
import type { HistoryRecord } from './history/history-record';
import { historyEvents } from './offline-scoring';
import { ProgressBar } from './progress-bar';

export interface ReplayOptions {
  /** Share of each week's declarations inspected by score, in percent. */
  inspectionRate: number;
  /** Share of each week's declarations inspected at random (control sample), in percent. */
  controlRate: number;
  calibrateWeights: boolean;
}

export interface ReplayWeek {
  week: string;
  declarations: number;
  /** Inspected because of their score. */
  targeted: number;
  targetedHits: number;
  /** Inspected at random. */
  control: number;
  controlHits: number;
}

export interface ReplayResult {
  withFeedback: ReplayWeek[];
  withoutFeedback: ReplayWeek[];
  profiles: ProfileSettings;
}

/** ISO week of a date, e.g. 2021-W03. */
export function isoWeek(date: Date): string {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = new Date(Date.UTC(day.getUTCFullYear(), 0, 1));
  const week = Math.ceil(((day.getTime() - yearStart.getTime()) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

async function run(
  book: ProfileBook,
  profiles: ProfileSettings,
  engine: SelectivityEngine,
  weeks: Map<string, Declaration[]>,
  outcomes: Map<string, InspectionResult>,
  options: ReplayOptions,
  feedback: boolean,
  progress: ProgressBar,
  progressOffset: number,
  total: number,
): Promise<ReplayWeek[]> {
  const result: ReplayWeek[] = [];
  let done = progressOffset;
  for (const [week, declarations] of weeks) {
    const scored: { declaration: Declaration; score: number }[] = [];
    for (const declaration of declarations) {
      const at = new Date(declaration.submittedAt);
      const decision = await engine.assess(declaration, at, {
        importerPriorDeclarations: book.priorDeclarationsOf(declaration),
        profile: assessProfiles(book, profiles, declaration, at),
      });
      scored.push({ declaration, score: decision.score });
      progress.update((done += 1), total);
    }
    const ranked = scored.map((entry, index) => ({ ...entry, index })).sort((a, b) => b.score - a.score || a.index - b.index);
    const targetedCount = Math.floor((declarations.length * options.inspectionRate) / 100);
    const targeted = ranked.slice(0, targetedCount).map((entry) => entry.declaration);
    // The control sample is drawn from the rest, reproducibly, by the same draw the engine uses.
    const rest = ranked.slice(targetedCount).map((entry) => entry.declaration);
    const controlShare = rest.length > 0 ? (declarations.length * options.controlRate) / 100 / rest.length : 0;
    const control = rest.filter((declaration) => controlDraw(declaration.declarationId) < controlShare);
    const hitsOf = (selected: Declaration[]) => selected.filter((d) => isHit(outcomes.get(d.declarationId) ?? 'NO_FINDING')).length;
    result.push({
      week,
      declarations: declarations.length,
      targeted: targeted.length,
      targetedHits: hitsOf(targeted),
      control: control.length,
      controlHits: hitsOf(control),
    });
    for (const declaration of declarations) book.noteDeclaration(declaration);
    if (feedback) {
      // Only what was inspected is learned: the outcomes of the selected declarations.
      for (const declaration of [...targeted, ...control]) {
        const found = outcomes.get(declaration.declarationId);
        if (found) book.record(declaration, found, new Date(declaration.submittedAt));
      }
    }
  }
  return result;
}

/**
 * Replays the input week by week as the engine would live: score, inspect the top
 * `inspectionRate`% plus a random `controlRate`%, reveal only their outcomes and feed them back;
 * then the same without feedback, for comparison.
 */
export async function replayOnline(
  history: HistoryRecord[],
  declarations: Declaration[],
  outcomes: Map<string, InspectionResult>,
  ruleset: Ruleset,
  options: ReplayOptions,
): Promise<ReplayResult> {
  const events = historyEvents(history);
  const profiles = options.calibrateWeights ? calibrate(events, ruleset.profiles).settings : ruleset.profiles;
  const effective: Ruleset = { ...ruleset, profiles, settings: { ...ruleset.settings, controlSampleRate: 0 } };
  const engine = new SelectivityEngine(effective, new CompiledRuleEvaluator(effective));
  const sorted = [...declarations].sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
  const weeks = new Map<string, Declaration[]>();
  for (const declaration of sorted) {
    const week = isoWeek(new Date(declaration.submittedAt));
    weeks.set(week, [...(weeks.get(week) ?? []), declaration]);
  }
  const freshBook = () => {
    const book = new ProfileBook({ halfLifeDays: profiles.halfLifeDays, priorStrength: profiles.priorStrength });
    for (const event of events) book.record(event.declaration, event.result, event.at, event.revenueRecovered ?? 0);
    for (const record of history) if (record.kind === 'declaration') book.noteDeclaration(record.declaration);
    return book;
  };
  const progress = new ProgressBar('replaying');
  const total = sorted.length * 2;
  const withFeedback = await run(freshBook(), profiles, engine, weeks, outcomes, options, true, progress, 0, total);
  const withoutFeedback = await run(freshBook(), profiles, engine, weeks, outcomes, options, false, progress, sorted.length, total);
  return { withFeedback, withoutFeedback, profiles };
}
