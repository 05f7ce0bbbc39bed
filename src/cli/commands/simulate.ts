import type { Command } from 'commander';
import { DoxguardError } from '../../errors/index.js';
import { SimulateOptionsSchema, simulateToDir } from '../../simulate/index.js';
import { Progress } from '../../app/index.js';

const num = (v: string): number => {
  const n = Number(v);
  if (!Number.isFinite(n)) throw new DoxguardError('DG_ERR_CLI_USAGE', `not a number: ${v}`);
  return n;
};

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description(
      'write realistic schema-1 traffic (events.ndjson) and its ground truth (truth.json); same seed, same bytes',
    )
    .requiredOption('-o, --out <dir>', 'output folder')
    .option('-s, --seed <seed>', 'seed (number or text)', '1')
    .option('--events <n>', 'approximate number of background events', num)
    .option('--hours <h>', 'simulated event-time window in hours', num)
    .option('--doxxing <n>', 'doxxing incidents', num)
    .option('--business <n>', 'business-contact hard cases', num)
    .option('--public-interest <n>', "officials' professional conduct hard cases", num)
    .option('--news <n>', 'news reports about doxxing', num)
    .option('--malformed-rate <p>', 'share of injected malformed lines (for DLQ tests)', num)
    .option('--options <json>', 'any other simulator option as JSON (see SimulateOptionsSchema)')
    .action(
      async (opts: {
        out: string;
        seed: string;
        events?: number;
        hours?: number;
        doxxing?: number;
        business?: number;
        publicInterest?: number;
        news?: number;
        malformedRate?: number;
        options?: string;
      }) => {
        const seed = /^\d+$/.test(opts.seed) ? Number(opts.seed) : opts.seed;
        const raw = {
          ...(opts.options ? (JSON.parse(opts.options) as object) : {}),
          seed,
          ...(opts.events !== undefined ? { backgroundEvents: opts.events } : {}),
          ...(opts.hours !== undefined ? { durationMs: Math.round(opts.hours * 3600_000) } : {}),
          ...(opts.doxxing !== undefined ? { doxxing: opts.doxxing } : {}),
          ...(opts.business !== undefined ? { business: opts.business } : {}),
          ...(opts.publicInterest !== undefined ? { publicInterest: opts.publicInterest } : {}),
          ...(opts.news !== undefined ? { news: opts.news } : {}),
          ...(opts.malformedRate !== undefined ? { malformedRate: opts.malformedRate } : {}),
        };
        const parsed = SimulateOptionsSchema.safeParse(raw);
        if (!parsed.success)
          throw new DoxguardError(
            'DG_ERR_CLI_USAGE',
            `simulate options: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
          );
        const progress = new Progress('simulate', opts.events ?? null);
        let last = 0;
        const r = await simulateToDir({ ...raw, out: opts.out }, (n) => {
          progress.advance(n - last);
          last = n;
        });
        progress.advance(r.events - last);
        progress.finish();
        process.stderr.write(`wrote ${r.file} (${r.events} lines) and ${r.truthFile}\n`);
      },
    );
}
