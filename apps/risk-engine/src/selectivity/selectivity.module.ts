import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AssessDeclarationsHandler } from './commands/assess-declarations/assess-declarations.handler';
import { DeclarationIntakeConsumer } from './commands/assess-declarations/declaration-intake.consumer';
import { HttpAssessmentBatcher } from './commands/assess-declarations/http-assessment.batcher';
import { RiskAssessmentsController } from './commands/assess-declarations/risk-assessments.controller';
import { DecisionStore } from './decision-store';
import { ProfilesModule } from '../profiles/profiles.module';
import { GetDeclarationDecisionsHandler } from './queries/get-declaration-decisions/get-declaration-decisions.handler';
import { RiskDecisionsController } from './queries/get-declaration-decisions/risk-decisions.controller';
import { RiskContextReader } from './risk-context.reader';
import { SelectivityCoreModule } from './selectivity-core.module';

@Module({
  imports: [CqrsModule, SelectivityCoreModule, ProfilesModule],
  controllers: [RiskAssessmentsController, RiskDecisionsController],
  providers: [
    DecisionStore,
    RiskContextReader,
    HttpAssessmentBatcher,
    AssessDeclarationsHandler,
    DeclarationIntakeConsumer,
    GetDeclarationDecisionsHandler,
  ],
})
export class SelectivityModule {}
