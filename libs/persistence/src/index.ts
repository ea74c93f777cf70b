export * from './entities/declaration.entity';
export * from './entities/risk-decision.entity';
export * from './entities/outbox-message.entity';
export * from './entities/rejected-message.entity';
export * from './data-source-options';
export * from './ensure-database';
export * from './history-repository';
export * from './prepared-sql';
