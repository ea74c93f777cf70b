import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AssessDeclarationsHandler } from './commands/assess-declarations/assess-declarations.handler';
import { DeclarationIntakeConsumer } from './commands/assess-declarations/declaration-intake.consumer';
import { DecisionStore } from './decision-store';
import { selectivityEngineProvider } from './selectivity-engine.provider';

@Module({
  imports: [CqrsModule],
  providers: [selectivityEngineProvider, DecisionStore, AssessDeclarationsHandler, DeclarationIntakeConsumer],
})
export class SelectivityModule {}
