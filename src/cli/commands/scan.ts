import type { Command } from 'commander';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { loadConfig } from '../../config/index.js';
import { createPostScanner, scanLines } from '../../scan/index.js';
import { checkInputFiles, readLines } from '../../source/index.js';
import { resolveSecret } from '../../app/index.js';

export interface ScanCommandOptions {
  readonly config?: string | undefined;
  readonly env?: NodeJS.ProcessEnv;
  readonly stdin?: Readable;
  readonly stdout?: NodeJS.WritableStream;
  readonly stderr?: NodeJS.WritableStream;
}

/**
 * `doxguard scan <file|->`: one NDJSON line out per post in — what it
 * discloses (redacted snippets, keyed fingerprints), whom that is attributed
 * to (hashed) and every language cue found. A line that is not a post gets
 * an error line with its dead-letter reason and line number; the exit code
 * is then 2. Returns the exit code.
 */
export async function scanCommand(input: string, o: ScanCommandOptions = {}): Promise<number> {
  const stdout = o.stdout ?? process.stdout;
  const stderr = o.stderr ?? process.stderr;
  if (input !== '-') checkInputFiles([input]);
  const config = loadConfig({ file: o.config, env: o.env ?? process.env });
  const { secret, note } = resolveSecret(config);
  if (note) stderr.write(`doxguard: note: ${note}\n`);
  const scan = createPostScanner(config, secret);
  const stream = input === '-' ? (o.stdin ?? process.stdin) : createReadStream(input);
  let bad = 0;
  for await (const r of scanLines(readLines(stream), scan)) {
    if ('error' in r) {
      bad++;
      stderr.write(`doxguard: scan: line ${r.line}: ${r.error.reason}: ${r.error.message}\n`);
    }
    if (!stdout.write(JSON.stringify(r) + '\n')) await new Promise((ok) => stdout.once('drain', ok));
  }
  if (bad > 0) stderr.write(`doxguard: scan: ${bad} line${bad === 1 ? '' : 's'} could not be scanned\n`);
  return bad > 0 ? 2 : 0;
}

export function registerScan(program: Command): void {
  program
    .command('scan')
    .description(
      'scan NDJSON posts ({"text","lang"?,"mentions"?}) one by one: disclosed categories (redacted), the target, every language cue',
    )
    .argument('<input>', 'NDJSON file, or "-" for stdin')
    .option('-c, --config <file>', 'config file layered over config/default.yaml')
    .action(async (input: string, opts: { config?: string }) => {
      process.exitCode = await scanCommand(input, { config: opts.config });
    });
}
