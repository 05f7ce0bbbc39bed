export { Pipeline, createPipeline, type PipelineDeps } from './pipeline.js';
export { runPipeline } from './run.js';
export { PartitionedPipeline, createPartitionedPipeline } from './partitioned.js';
export { NO_HOOKS, type PipelineHooks } from './hooks.js';
export { PipelineStats } from './stats.js';
