import { Global, Inject, Logger, Module, type OnModuleInit } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { ENGINE_CONFIG, type EngineConfig } from '@app/config';
import { createKafka, ensureTopics } from '@app/messaging';

export const KAFKA = Symbol('KAFKA');

/** The kafkajs client; creates the engine's topics when they are missing. */
@Global()
@Module({
  providers: [
    {
      provide: KAFKA,
      inject: [ENGINE_CONFIG],
      useFactory: (config: EngineConfig) => {
        const logger = new Logger('Kafka');
        return createKafka(config.kafka, (level, message, fields) => logger[level]({ ...fields, message }));
      },
    },
  ],
  exports: [KAFKA],
})
export class KafkaModule implements OnModuleInit {
  private readonly logger = new Logger(KafkaModule.name);

  constructor(@Inject(KAFKA) private readonly kafka: Kafka) {}

  async onModuleInit(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin);
      this.logger.log('Kafka topics are in place');
    } finally {
      await admin.disconnect();
    }
  }
}
