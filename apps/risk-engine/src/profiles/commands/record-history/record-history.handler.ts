import { Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Topic } from '@app/contracts';
import { HistoryRepository } from '@app/persistence';
import { enqueueOutbox, recordDeadLetters } from '../../../outbox/outbox-writer';
import { RuleCalibrator } from '../../../feedback/rule-calibrator';
import { RuleReviewService } from '../../../feedback/rule-review.service';
import { EngineMetrics } from '../../../observability/engine-metrics';
import { RiskProfiles } from '../../risk-profiles';
import { RecordHistoryCommand, type HistoryRecorded } from './record-history.command';

@CommandHandler(RecordHistoryCommand)
export class RecordHistoryHandler implements ICommandHandler<RecordHistoryCommand> {
  private readonly logger = new Logger(RecordHistoryHandler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly profiles: RiskProfiles,
    private readonly review: RuleReviewService,
    private readonly calibrator: RuleCalibrator,
    private readonly metrics: EngineMetrics,
  ) {}

  async execute(command: RecordHistoryCommand): Promise<HistoryRecorded> {
    const recorded = await this.dataSource.transaction(async (manager) => {
      const history = new HistoryRepository(manager);
      const newOutcomes = await history.saveOutcomes(command.outcomes);
      const newSeizures = await history.saveSeizures(command.seizures);
      const deadLetters = await recordDeadLetters(manager, command.rejected, Topic.HistoryDeadLetter);
      await enqueueOutbox(manager, deadLetters);
      const unmatched = await manager.query<{ outcome_id: string }[]>(
        'SELECT outcome_id FROM inspection_outcomes WHERE outcome_id = ANY($1::text[]) AND decision_id IS NULL',
        [command.outcomes.map((outcome) => outcome.outcomeId)],
      );
      const deadLettered = deadLetters.map((message) => message.headers['rejection-code'] ?? 'UNKNOWN');
      return { newOutcomes, newSeizures, unmatchedOutcomes: unmatched.map((row) => row.outcome_id), deadLettered };
    });
    this.metrics.deadLettered(Topic.HistoryDeadLetter, recorded.deadLettered);
    // Every instance folds new rows in on their notification; this one does not wait for its own.
    for (const id of recorded.newOutcomes) await this.profiles.apply(`outcome:${id}`);
    for (const id of recorded.newSeizures) await this.profiles.apply(`seizure:${id}`);
    if (recorded.unmatchedOutcomes.length > 0) {
      this.logger.warn(`${recorded.unmatchedOutcomes.length} inspection outcomes answer declarations not decided yet; kept until they are`);
    }
    await this.review.reviewAfterOutcomes(recorded.newOutcomes);
    await this.calibrator.recalibrateAfterOutcomes(recorded.newOutcomes);
    return { newOutcomes: recorded.newOutcomes, newSeizures: recorded.newSeizures, unmatchedOutcomes: recorded.unmatchedOutcomes };
  }
}
