import type { DataSourceOptions } from 'typeorm';
import { DeclarationEntity } from './entities/declaration.entity';
import { OutboxMessageEntity } from './entities/outbox-message.entity';
import { RejectedMessageEntity } from './entities/rejected-message.entity';
import { RiskDecisionEntity } from './entities/risk-decision.entity';
import { InitialSchema1764000000000 } from './migrations/1764000000000-initial-schema';
import { OutboxPublishAttempt1764000000001 } from './migrations/1764000000001-outbox-publish-attempt';
import { History1764000000002 } from './migrations/1764000000002-history';
import { Feedback1764000000003 } from './migrations/1764000000003-feedback';
import { Governance1764000000004 } from './migrations/1764000000004-governance';
import { ImporterHistory1764000000005 } from './migrations/1764000000005-importer-history';
import { OutboxVacuum1764000000006 } from './migrations/1764000000006-outbox-vacuum';
import { OutboxAttempts1764000000007 } from './migrations/1764000000007-outbox-attempts';

export const ENTITIES = [DeclarationEntity, RiskDecisionEntity, OutboxMessageEntity, RejectedMessageEntity];
export const MIGRATIONS = [
  InitialSchema1764000000000,
  OutboxPublishAttempt1764000000001,
  History1764000000002,
  Feedback1764000000003,
  Governance1764000000004,
  ImporterHistory1764000000005,
  OutboxVacuum1764000000006,
  OutboxAttempts1764000000007,
];

/** TypeORM options for the engine's database: migrations only, never synchronize. */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    migrationsRun: false,
    extra: { max: 10 },
  };
}
