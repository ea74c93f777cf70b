export * from './kafka-client';
export * from './transaction-coordinator-cache';
export * from './lean-produce-encoding';
export * from './produce-request-encoder';
