import type { Command } from 'commander';
import { basename } from 'node:path';
import { loadConfig } from '../../config/index.js';
import { DoxguardError } from '../../errors/index.js';
import { AlertLevelSchema } from '../../contract/index.js';
import { writeReports } from '../../report/index.js';
import { checkInputFiles } from '../../source/index.js';

/** `doxguard report FILE... --out DIR [--incident ID | --min-level L] [--config A] [--what-if B]` */
export function registerReport(program: Command): void {
  program
    .command('report')
    .description('replay NDJSON history and write a self-contained HTML report and a GEXF graph per incident')
    .argument('<files...>', 'NDJSON input files')
    .option('-c, --config <file>', 'config (policy) to judge the incidents under')
    .option('-o, --out <dir>', 'output folder', 'reports')
    .option('--incident <id>', 'only this incident')
    .option('--min-level <level>', 'every incident that reached this level: watch | warning | critical', 'warning')
    .option('--what-if <file>', 'a second config: both side by side on the same incidents')
    .action(
      async (
        files: string[],
        opts: { config?: string; out: string; incident?: string; minLevel: string; whatIf?: string },
      ) => {
        const level = AlertLevelSchema.safeParse(opts.minLevel);
        if (!level.success)
          throw new DoxguardError('DG_ERR_CLI_USAGE', `--min-level must be watch, warning or critical`);
        checkInputFiles(files);
        const config = loadConfig({ file: opts.config, env: process.env });
        const whatIf = opts.whatIf
          ? {
              config: loadConfig({ file: opts.whatIf, env: process.env }),
              labels: [opts.config ? basename(opts.config) : 'default config', basename(opts.whatIf)] as const,
            }
          : undefined;
        const written = await writeReports({
          config,
          files,
          outDir: opts.out,
          minLevel: level.data,
          ...(opts.incident ? { incidentId: opts.incident } : {}),
          ...(whatIf ? { whatIf } : {}),
        });
        for (const w of written) process.stderr.write(`doxguard report: ${w.incidentId} → ${w.html}, ${w.gexf}\n`);
        if (written.length === 0) process.stderr.write('doxguard report: no incident matched\n');
      },
    );
}
