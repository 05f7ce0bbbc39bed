import type { Command } from 'commander';
import { runConfigured } from '../../app/index.js';
import { formatList, loadConfig } from '../../config/index.js';
import { DoxguardError } from '../../errors/index.js';
import { INPUT_FORMATS } from '../../contract/index.js';

export function registerRun(program: Command): void {
  program
    .command('run')
    .description(
      'run the pipeline: Kafka, NDJSON files, stdin or a live stream (WebSocket, SSE) in; Kafka, NDJSON files or stdout out',
    )
    .option('-c, --config <file>', 'config file layered over config/default.yaml')
    .option('-i, --input <file...>', 'NDJSON input file(s); "-" reads stdin (sets source.kind)')
    .option(
      '-f, --format <format>',
      `input format (sets source.format): ${INPUT_FORMATS.join(' | ')}; several comma-separated for a mixed input`,
    )
    .option('--url <url>', 'a live stream to read (sets source.url; source.kind websocket, or sse for http(s) URLs)')
    .option('-o, --out <dir>', 'output folder (sets output.kind=files)')
    .option('--stdout', 'write every output record to stdout (sets output.kind=stdout)')
    .option('--shadow', 'shadow mode: decide and record, emit no command')
    .option(
      '--workers <n>',
      'worker threads, one pipeline per input partition (sets pipeline.workers; "auto": one per core)',
    )
    .option(
      '--partitions <n>',
      'file/stdin input: split by cascade root into this many partitions (sets pipeline.partitions)',
    )
    .option('--no-progress', 'no progress line on stderr')
    .action(
      async (opts: {
        config?: string;
        input?: string[];
        format?: string;
        url?: string;
        out?: string;
        stdout?: boolean;
        shadow?: boolean;
        workers?: string;
        partitions?: string;
        progress: boolean;
      }) => {
        const overrides: Record<string, unknown> = {};
        if (opts.input?.length === 1 && opts.input[0] === '-') overrides.source = { kind: 'stdin' };
        else if (opts.input) overrides.source = { kind: 'file', files: opts.input };
        if (opts.url) overrides.source = { kind: /^https?:/.test(opts.url) ? 'sse' : 'websocket', url: opts.url };
        if (opts.format) overrides.source = { ...(overrides.source as object), format: formatList(opts.format) };
        if (opts.out && opts.stdout)
          throw new DoxguardError('DG_ERR_CLI_USAGE', '--out and --stdout exclude each other');
        if (opts.out) overrides.output = { kind: 'files', dir: opts.out };
        if (opts.stdout) overrides.output = { kind: 'stdout' };
        if (opts.shadow) overrides.policy = { shadow: true };
        if (opts.workers !== undefined || opts.partitions !== undefined)
          overrides.pipeline = {
            ...(opts.workers !== undefined ? { workers: opts.workers === 'auto' ? 'auto' : Number(opts.workers) } : {}),
            ...(opts.partitions !== undefined ? { partitions: Number(opts.partitions) } : {}),
          };
        const config = loadConfig({ file: opts.config, env: process.env, overrides });
        process.exitCode = await runConfigured(config, {
          progress: opts.progress && !opts.stdout,
          configFile: opts.config,
        });
      },
    );
}
