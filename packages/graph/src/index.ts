export * from './project-graph.js';
