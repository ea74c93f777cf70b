export * from './random';
export * from './declaration.builder';
export * from './sample-declarations';
export * from './declaration.arbitrary';
export * from './rule.generator';
export * from './differential-harness';
export * from './json-path-resolver';
export * from './differential-worker';
