export * from './random';
export * from './declaration.builder';
export * from './sample-declarations';
