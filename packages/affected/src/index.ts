export * from './affected-set.js';
