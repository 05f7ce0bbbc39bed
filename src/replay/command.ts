import type { Command } from 'commander';
import { loadConfig } from '../config/index.js';
import { replayFiles } from './replay.js';

/** `doxguard replay FILE... --out DIR [--config FILE]`: history through the same pipeline, faster than real time. */
export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('replay NDJSON history through the same pipeline, faster than real time; outputs to a folder')
    .argument('<files...>', 'NDJSON input files, replayed in order')
    .option('-c, --config <file>', 'config (policy) to replay under, layered over config/default.yaml')
    .option('-o, --out <dir>', 'output folder', 'replay-out')
    .option('--shadow', 'shadow mode: decide and record, emit no command')
    .option('--to-kafka', "write to the config's Kafka topics instead of --out (commands may reach live topics)")
    .option('--no-progress', 'no progress bar on stderr')
    .action(
      async (
        files: string[],
        opts: { config?: string; out: string; shadow?: boolean; toKafka?: boolean; progress: boolean },
      ) => {
        const overrides = opts.shadow ? { policy: { shadow: true } } : undefined;
        const config = loadConfig({ file: opts.config, env: process.env, overrides });
        const result = await replayFiles({
          config,
          files,
          outDir: opts.toKafka ? null : opts.out,
          toKafka: opts.toKafka ?? false,
          progress: opts.progress,
        });
        const s = result.stats;
        process.stderr.write(
          `doxguard replay: ${result.records} records in ${result.seconds.toFixed(1)}s · events ${s.events} · alerts ${s.alerts} · commands ${s.commands} · dead letters ${s.deadLetters}` +
            (opts.toKafka ? ' · to Kafka\n' : ` · outputs in ${opts.out}/\n`),
        );
      },
    );
}
