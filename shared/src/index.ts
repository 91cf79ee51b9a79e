export * from './errors';
export * from './envelope';
export * from './competition';
export * from './union';
export * from './api';
export * from './unionCode';
