import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ProfilesModule } from '../profiles/profiles.module';
import { SelectivityCoreModule } from '../selectivity/selectivity-core.module';
import { FeedbackModule } from './feedback.module';
import { InspectionOutcomesController } from './inspection-outcomes.controller';
import { ProfilesController } from './profiles.controller';
import { GetRulePerformanceHandler } from './queries/get-rule-performance.handler';
import { ListProfileIndicatorsHandler } from './queries/list-profile-indicators.handler';
import { RulesController } from './rules.controller';

@Module({
  imports: [CqrsModule, SelectivityCoreModule, FeedbackModule, ProfilesModule],
  controllers: [RulesController, ProfilesController, InspectionOutcomesController],
  providers: [GetRulePerformanceHandler, ListProfileIndicatorsHandler],
})
export class FeedbackApiModule {}
