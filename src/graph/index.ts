export { PropagationGraph, type PostAttributes, type EdgeAttributes, type EdgeKind } from './propagation-graph.js';
export { LinkIndex } from './link-index.js';
