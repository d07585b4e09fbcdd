export * from './project-graph.js';
export { describeOrigin, manifestTarget, type DependencyEdge, type EdgeContext, type EdgeKind, type EdgeOrigin, type ManifestTarget } from './dependency-edges.js';
export { cyclicComponents } from './components.js';
export { checkTargetCycles } from './target-cycles.js';
