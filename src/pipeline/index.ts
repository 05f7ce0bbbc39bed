export { Pipeline, createPipeline, type PipelineDeps } from './pipeline.js';
export { runPipeline } from './run.js';
export { NO_HOOKS, type PipelineHooks } from './hooks.js';
export { PipelineStats } from './stats.js';
