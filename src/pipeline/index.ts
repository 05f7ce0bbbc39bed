export { Pipeline, createPipeline, type PipelineDeps } from './pipeline.js';
export { runPipeline } from './run.js';
export { PartitionedPipeline, createPartitionedPipeline, sumGauges } from './partitioned.js';
export { PipelineStats } from './stats.js';
export { ClaimDirectory } from './link-exchange.js';
export { RoundExchange, byPartition } from './round-exchange.js';
