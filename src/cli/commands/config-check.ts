import type { Command } from 'commander';
import { loadConfig, maskSecrets } from '../../config/index.js';
import { activateDetectors } from '../../../detectors/index.js';
import { resolveSecret } from '../../app/index.js';

export function registerConfig(program: Command): void {
  const config = program.command('config').description('inspect and check configuration');
  config
    .command('check')
    .description('validate a config file (layered over the defaults and the environment); non-zero exit on error')
    .argument('[file]', 'config file (YAML or JSON)')
    .option('--print', 'print the effective configuration (secrets masked)')
    .action((file: string | undefined, opts: { print?: boolean }) => {
      const cfg = loadConfig({ file, env: process.env });
      activateDetectors(cfg.detectors);
      if (cfg.mode === 'production') resolveSecret(cfg);
      if (opts.print) {
        process.stdout.write(JSON.stringify(maskSecrets(cfg), null, 2) + '\n');
      }
      process.stderr.write(`doxguard: config ${file ?? '(defaults)'} is valid\n`);
    });
  config
    .command('print')
    .description('print the effective configuration (defaults ← file ← environment), secrets masked')
    .argument('[file]')
    .action((file: string | undefined) => {
      process.stdout.write(JSON.stringify(maskSecrets(loadConfig({ file, env: process.env })), null, 2) + '\n');
    });
}
