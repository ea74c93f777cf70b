import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AssessDeclarationsHandler } from './commands/assess-declarations/assess-declarations.handler';
import { DeclarationIntakeConsumer } from './commands/assess-declarations/declaration-intake.consumer';
import { RiskAssessmentsController } from './commands/assess-declarations/risk-assessments.controller';
import { DecisionStore } from './decision-store';
import { selectivityEngineProvider } from './selectivity-engine.provider';
import { TraderHistoryReader } from './trader-history.reader';

@Module({
  imports: [CqrsModule],
  controllers: [RiskAssessmentsController],
  providers: [selectivityEngineProvider, DecisionStore, TraderHistoryReader, AssessDeclarationsHandler, DeclarationIntakeConsumer],
})
export class SelectivityModule {}
