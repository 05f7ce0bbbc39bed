import type { Command } from 'commander';
import { join } from 'node:path';
import { loadConfig } from '../../config/index.js';
import { packageRoot } from '../../util/index.js';
import { runConfigured } from '../../app/index.js';

export const DEMO_INPUT = join(packageRoot(), 'examples', 'demo-incident.ndjson');

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('the embedded default: run the bundled example incident through the full pipeline, no broker needed')
    .option('-o, --out <dir>', 'output folder', 'out/demo')
    .option('-c, --config <file>', 'config file layered over config/default.yaml (try another policy)')
    .action(async (opts: { out: string; config?: string }) => {
      const config = loadConfig({
        file: opts.config,
        env: process.env,
        overrides: { source: { kind: 'file', files: [DEMO_INPUT] }, output: { kind: 'files', dir: opts.out } },
      });
      process.stderr.write(`doxguard demo: ${DEMO_INPUT}\n`);
      process.exitCode = await runConfigured(config, { summary: true, progress: false });
    });
}
