import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { FeedbackModule } from '../feedback/feedback.module';
import { SelectivityCoreModule } from '../selectivity/selectivity-core.module';
import { HistoryIntakeConsumer } from './commands/record-history/history-intake.consumer';
import { RecordHistoryHandler } from './commands/record-history/record-history.handler';
import { RiskProfiles } from './risk-profiles';

@Module({
  imports: [CqrsModule, SelectivityCoreModule, FeedbackModule],
  providers: [RiskProfiles, RecordHistoryHandler, HistoryIntakeConsumer],
  exports: [RiskProfiles],
})
export class ProfilesModule {}
