import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ENGINE_CONFIG, type EngineConfig } from '@app/config';
import { dataSourceOptions, ensureDatabase } from '@app/persistence';
import { DatabaseNotifications } from './database-notifications';

/**
 * PostgreSQL through TypeORM; the database is created when missing and migrations run at start.
 * Also the engine's one LISTEN connection (DatabaseNotifications).
 */
@Global()
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
  providers: [DatabaseNotifications],
  exports: [DatabaseNotifications],
})
export class DatabaseModule {}
