import { Command } from '@nestjs/cqrs';
import type { InspectionOutcome, SeizureRecord } from '@app/contracts';
import type { RejectedMessage } from '../../../selectivity/commands/assess-declarations/assess-declarations.command';

export interface HistoryRecorded {
  newOutcomes: string[];
  newSeizures: string[];
  /** Outcomes (new or not) whose declaration the engine has not decided yet: kept, and reported. */
  unmatchedOutcomes: string[];
}

/** Store inspection outcomes and seizures (idempotent by id) and dead-letter what failed validation. */
export class RecordHistoryCommand extends Command<HistoryRecorded> {
  constructor(
    readonly outcomes: InspectionOutcome[],
    readonly seizures: SeizureRecord[],
    readonly rejected: RejectedMessage[],
  ) {
    super();
  }
}
