import { Module } from '@nestjs/common';
import { SelectivityCoreModule } from '../selectivity/selectivity-core.module';
import { RuleCalibrator } from './rule-calibrator';
import { RulePerformanceReader } from './rule-performance.reader';
import { RuleReviewService } from './rule-review.service';

/** Rule performance and review, shared by the profiles (history intake) and the API. */
@Module({
  imports: [SelectivityCoreModule],
  providers: [RulePerformanceReader, RuleReviewService, RuleCalibrator],
  exports: [RulePerformanceReader, RuleReviewService, RuleCalibrator],
})
export class FeedbackModule {}
