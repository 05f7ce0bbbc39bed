import type { Command } from 'commander';
import { join } from 'node:path';
import { loadConfig } from '../../config/index.js';
import { packageRoot } from '../../util/index.js';
import { runConfigured } from '../../app/index.js';

export const DEMO_INPUT = join(packageRoot(), 'examples', 'demo-incident.ndjson');
/** The demo's English incident as Bluesky (Jetstream) and Mastodon messages, one mixed stream. */
export const DEMO_CROSS_INPUT = join(packageRoot(), 'examples', 'demo-bluesky-mastodon.ndjson');

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'the embedded default: run the bundled example incidents through the full pipeline, no broker needed; then one of them arriving as Bluesky (Jetstream) and Mastodon messages',
    )
    .option('-o, --out <dir>', 'output folder (the Bluesky and Mastodon part in <dir>/bluesky-mastodon)', 'out/demo')
    .option('-c, --config <file>', 'config file layered over config/default.yaml (try another policy)')
    .action(async (opts: { out: string; config?: string }) => {
      const run = async (input: string, out: string, format: string | string[]): Promise<number> => {
        const config = loadConfig({
          file: opts.config,
          env: process.env,
          overrides: { source: { kind: 'file', files: [input], format }, output: { kind: 'files', dir: out } },
        });
        process.stderr.write(`doxguard demo: ${input}\n`);
        return runConfigured(config, { summary: true, progress: false });
      };
      const first = await run(DEMO_INPUT, opts.out, 'doxguard');
      process.stdout.write(
        '\n── the same English incident, arriving as Bluesky (Jetstream commits) and Mastodon (streaming updates) ──\n',
      );
      const second = await run(DEMO_CROSS_INPUT, join(opts.out, 'bluesky-mastodon'), ['jetstream', 'mastodon']);
      process.exitCode = Math.max(first, second);
    });
}
