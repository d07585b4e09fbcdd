export * from './events.js';
export * from './executor.js';
