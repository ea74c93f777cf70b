export * from './random';
export * from './declaration.builder';
export * from './sample-declarations';
export * from './declaration.arbitrary';
