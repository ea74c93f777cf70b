export * from './kafka-client';
export * from './transaction-coordinator-cache';
