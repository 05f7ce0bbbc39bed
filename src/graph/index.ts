export {
  PropagationGraph,
  type PostAttributes,
  type EdgeAttributes,
  type EdgeKind,
  type InEdge,
  type SeenPost,
} from './propagation-graph.js';
export { LinkIndex } from './link-index.js';
