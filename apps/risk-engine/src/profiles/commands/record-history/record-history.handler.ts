import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Topic } from '@app/contracts';
import { HistoryRepository } from '@app/persistence';
import { enqueueOutbox, recordDeadLetters } from '../../../outbox/outbox-writer';
import { RiskProfiles } from '../../risk-profiles';
import { RecordHistoryCommand, type HistoryRecorded } from './record-history.command';

@CommandHandler(RecordHistoryCommand)
export class RecordHistoryHandler implements ICommandHandler<RecordHistoryCommand> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly profiles: RiskProfiles,
  ) {}

  async execute(command: RecordHistoryCommand): Promise<HistoryRecorded> {
    const recorded = await this.dataSource.transaction(async (manager) => {
      const history = new HistoryRepository(manager);
      const newOutcomes = await history.saveOutcomes(command.outcomes);
      const newSeizures = await history.saveSeizures(command.seizures);
      await enqueueOutbox(manager, await recordDeadLetters(manager, command.rejected, Topic.HistoryDeadLetter));
      return { newOutcomes, newSeizures };
    });
    // Every instance folds new rows in on their notification; this one does not wait for its own.
    for (const id of recorded.newOutcomes) await this.profiles.apply(`outcome:${id}`);
    for (const id of recorded.newSeizures) await this.profiles.apply(`seizure:${id}`);
    return recorded;
  }
}
