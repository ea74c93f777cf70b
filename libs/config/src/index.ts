export * from './environment';
export * from './engine-config';
