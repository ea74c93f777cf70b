import { Global, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { ENGINE_CONFIG, type EngineConfig } from '@app/config';
import { KAFKA } from '../infrastructure/kafka.module';
import { CorrelationMiddleware } from './correlation.middleware';
import { EngineMetrics } from './engine-metrics';
import { MetricsController } from './metrics.controller';
import { consumerLagProbe, outboxBacklogProbe } from './scrape-probes';

/** Metrics at /metrics, correlation ids on every request. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [
    {
      provide: EngineMetrics,
      inject: [KAFKA, getDataSourceToken(), ENGINE_CONFIG],
      useFactory: (kafka: Kafka, dataSource: DataSource, config: EngineConfig) =>
        new EngineMetrics({ consumerLag: consumerLagProbe(kafka, config.kafka.groupId), outboxBacklog: outboxBacklogProbe(dataSource) }),
    },
  ],
  exports: [EngineMetrics],
})
export class ObservabilityModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CorrelationMiddleware).forRoutes('*');
  }
}
