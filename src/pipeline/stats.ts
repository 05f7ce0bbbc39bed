/** Counters the CLI summary and tests read (metrics go through PipelineHooks). */
export class PipelineStats {
  events = 0;
  duplicates = 0;
  late = 0;
  deadLetters = 0;
  notices = 0;
  alerts = 0;
  commands = 0;
  outputs = 0;
  expired = 0;
  evictions = 0;
}
