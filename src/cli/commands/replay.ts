import type { Command } from 'commander';
import { loadConfig } from '../../config/index.js';
import { DoxguardError } from '../../errors/index.js';
import { parseInstant, replayFiles, replayKafka, type ReplayResult } from '../../replay/index.js';

interface ReplayFlags {
  config?: string;
  out: string;
  shadow?: boolean;
  toKafka?: boolean;
  progress: boolean;
  kafkaTopic?: string[];
  from?: string;
  to?: string;
  brokers?: string;
}

/**
 * `doxguard replay FILE... | --kafka-topic T [--from T0] [--to T1]`: history
 * through the same pipeline, faster than real time, into --out DIR.
 */
export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description(
      'replay history (NDJSON files, or a Kafka topic between two record times) through the same pipeline, faster than real time; outputs to a folder',
    )
    .argument('[files...]', 'NDJSON input files, replayed in order')
    .option('-c, --config <file>', 'config (policy) to replay under, layered over config/default.yaml')
    .option('-o, --out <dir>', "output folder, and the replay's own evidence chain (never the live log)", 'replay-out')
    .option('--kafka-topic <topic...>', 'replay these Kafka topics instead of files (own consumer group, no commits)')
    .option('--from <time>', 'Kafka: first record time, ISO 8601 or epoch ms (default: earliest offset)')
    .option('--to <time>', 'Kafka: stop before this record time (default: the end of the topic now)')
    .option('--brokers <list>', "Kafka: comma-separated bootstrap servers (default: the config's)")
    .option('--shadow', 'shadow mode: decide and record, emit no command')
    .option('--to-kafka', "write to the config's Kafka topics instead of --out (commands may reach live topics)")
    .option('--no-progress', 'no progress bar on stderr')
    .action(async (files: string[], opts: ReplayFlags) => {
      const kafka = opts.kafkaTopic !== undefined;
      if (kafka === files.length > 0)
        throw new DoxguardError('DG_ERR_CLI_USAGE', 'replay takes NDJSON files or --kafka-topic, one of the two');
      if (!kafka && (opts.from || opts.to || opts.brokers))
        throw new DoxguardError('DG_ERR_CLI_USAGE', '--from, --to and --brokers apply to --kafka-topic only');
      const overrides = opts.shadow ? { policy: { shadow: true } } : undefined;
      const config = loadConfig({ file: opts.config, env: process.env, overrides });
      // with --to-kafka, --out still holds the replay's own evidence chain
      const common = {
        config,
        outDir: opts.toKafka ? null : opts.out,
        evidenceDir: opts.out,
        toKafka: opts.toKafka ?? false,
      };
      const result: ReplayResult = kafka
        ? await replayKafka({
            ...common,
            progress: opts.progress,
            topics: opts.kafkaTopic ?? [],
            from: opts.from === undefined ? null : parseInstant(opts.from, '--from'),
            to: opts.to === undefined ? null : parseInstant(opts.to, '--to'),
            ...(opts.brokers ? { brokers: opts.brokers.split(',').map((b) => b.trim()) } : {}),
          })
        : await replayFiles({ ...common, progress: opts.progress, files });
      const s = result.stats;
      process.stderr.write(
        `doxguard replay: ${result.records} records in ${result.seconds.toFixed(1)}s · events ${s.events} · alerts ${s.alerts} · commands ${s.commands} · dead letters ${s.deadLetters}` +
          (opts.toKafka ? ` · to Kafka · evidence in ${opts.out}/\n` : ` · outputs in ${opts.out}/\n`),
      );
    });
}
