export * from './random';
export * from './declaration.builder';
export * from './sample-declarations';
export * from './declaration.arbitrary';
export * from './rule.generator';
export * from './differential-harness';
