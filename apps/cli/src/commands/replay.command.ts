import { one, UsageError, type Arguments } from '../arguments';
import { readOutcomes } from '../history/history-files';
import { replayOnline, type ReplayWeek } from '../online-replay';
import { readScoringInputs } from './scoring-inputs';

function percentOption(args: Arguments, name: string): number {
  const value = Number(one(args, name));
  if (!Number.isFinite(value) || value < 0 || value > 100) throw new UsageError(`--${name} must be a percentage from 0 to 100`);
  return value;
}

const precision = (hits: number, selected: number) => (selected > 0 ? (hits / selected).toFixed(3) : '-');

function totals(weeks: ReplayWeek[]) {
  return weeks.reduce(
    (sum, w) => ({
      targeted: sum.targeted + w.targeted,
      targetedHits: sum.targetedHits + w.targetedHits,
      control: sum.control + w.control,
      controlHits: sum.controlHits + w.controlHits,
    }),
    { targeted: 0, targetedHits: 0, control: 0, controlHits: 0 },
  );
}

/** `replay`: the online loop, week by week, with feedback against without. */
export async function replayCommand(args: Arguments): Promise<void> {
  const inspectionRate = percentOption(args, 'inspection-rate');
  const controlRate = percentOption(args, 'control-rate');
  const inputs = readScoringInputs(args);
  const outcomes = readOutcomes(inputs.format, inputs.inputFile);
  const { withFeedback, withoutFeedback } = await replayOnline(inputs.history, inputs.declarations, outcomes, inputs.ruleset, {
    inspectionRate,
    controlRate,
    calibrateWeights: inputs.calibrate,
  });

  const out: string[] = [];
  out.push(
    `Replay of ${inputs.declarations.length} declarations from ${inputs.inputFile}, week by week; history ${inputs.historyFiles.join(', ')}`,
  );
  out.push(
    `Each week: the top ${inspectionRate}% by score are inspected, plus ${controlRate}% at random; only their outcomes are revealed.`,
  );
  out.push('');
  out.push(
    '| week | declarations | inspected by score | precision with feedback | precision without | cumulative with | cumulative without | control hit rate |',
  );
  out.push('|---|---|---|---|---|---|---|---|');
  let cumulative = { withHits: 0, withSelected: 0, withoutHits: 0, withoutSelected: 0 };
  withFeedback.forEach((week, index) => {
    const without = withoutFeedback[index] as ReplayWeek;
    cumulative = {
      withHits: cumulative.withHits + week.targetedHits,
      withSelected: cumulative.withSelected + week.targeted,
      withoutHits: cumulative.withoutHits + without.targetedHits,
      withoutSelected: cumulative.withoutSelected + without.targeted,
    };
    out.push(
      `| ${week.week} | ${week.declarations} | ${week.targeted} | ${precision(week.targetedHits, week.targeted)} | ${precision(without.targetedHits, without.targeted)} | ` +
        `${precision(cumulative.withHits, cumulative.withSelected)} | ${precision(cumulative.withoutHits, cumulative.withoutSelected)} | ${precision(week.controlHits, week.control)} |`,
    );
  });
  const on = totals(withFeedback);
  const off = totals(withoutFeedback);
  out.push('');
  out.push(
    `With feedback:    ${on.targetedHits} hits in ${on.targeted} targeted inspections (precision ${precision(on.targetedHits, on.targeted)}), ${on.controlHits} in ${on.control} control inspections`,
  );
  out.push(
    `Without feedback: ${off.targetedHits} hits in ${off.targeted} targeted inspections (precision ${precision(off.targetedHits, off.targeted)}), ${off.controlHits} in ${off.control} control inspections`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
}
