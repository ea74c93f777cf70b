import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ENGINE_CONFIG, type EngineConfig } from '@app/config';
import { dataSourceOptions, ensureDatabase } from '@app/persistence';

/** PostgreSQL through TypeORM; the database is created when missing and migrations run at start. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ENGINE_CONFIG],
      useFactory: async (config: EngineConfig) => {
        await ensureDatabase(config.database.url);
        return { ...dataSourceOptions(config.database.url), migrationsRun: config.database.runMigrations, retryAttempts: 3 };
      },
    }),
  ],
})
export class DatabaseModule {}
