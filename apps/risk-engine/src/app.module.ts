import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { EngineConfig } from '@app/config';
import { DatabaseModule } from './infrastructure/database.module';
import { FeedbackApiModule } from './feedback/feedback-api.module';
import { GovernanceModule } from './governance/governance.module';
import { HealthModule } from './health/health.module';
import { EngineConfigModule } from './infrastructure/engine-config.module';
import { KafkaModule } from './infrastructure/kafka.module';
import { ObservabilityModule } from './observability/observability.module';
import { OutboxModule } from './outbox/outbox.module';
import { SelectivityModule } from './selectivity/selectivity.module';

@Module({})
export class AppModule {
  static forRoot(config: EngineConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        EngineConfigModule.forRoot(config),
        CqrsModule.forRoot(),
        DatabaseModule,
        KafkaModule,
        ObservabilityModule,
        OutboxModule,
        SelectivityModule,
        FeedbackApiModule,
        GovernanceModule,
        HealthModule,
      ],
    };
  }
}
