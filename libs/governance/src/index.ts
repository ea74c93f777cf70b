export * from './roles';
export * from './lifecycle';
export * from './ruleset-diff';
export * from './bearer-token';
