export * from './topics';
export * from './declaration';
export * from './declaration.dto';
export * from './decision';
export * from './dead-letter';
export * from './parse-declaration';
export * from './inspection-outcome';
export * from './seizure';
