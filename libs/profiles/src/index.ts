export * from './dimensions';
export * from './evidence';
export * from './profile-settings';
export * from './profile-book';
export * from './profile-assessment';
export * from './calibration';
export * from './selection-metrics';
export * from './seizure-evidence';
