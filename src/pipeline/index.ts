export { Pipeline, createPipeline, type PipelineDeps } from './pipeline.js';
export { runPipeline } from './run.js';
export { PartitionedPipeline, createPartitionedPipeline } from './partitioned.js';
export { PipelineStats } from './stats.js';
export { ClaimDirectory } from './link-exchange.js';
