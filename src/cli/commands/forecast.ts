import type { Command } from 'commander';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { forecast, type ForecastOptions } from '../../../detectors/index.js';
import { loadConfig } from '../../config/index.js';
import type { RepostEvent } from '../../contract/index.js';
import { decodeRecord } from '../../decode/index.js';
import { DoxguardError } from '../../errors/index.js';
import { forecastHistory, groupByRoot, parseHorizon, type Horizon } from '../../forecast/index.js';
import { readLines } from '../../source/index.js';

export function parseHorizons(list: string): Horizon[] {
  return list.split(',').map((label) => {
    const h = parseHorizon(label);
    if (!h) throw new DoxguardError('DG_ERR_CLI_USAGE', `not a horizon: "${label}" (e.g. 30m, 1h, 6h, 2d)`);
    return h;
  });
}

/** The forecast detector's options from the configuration (defaults, --config, environment). */
export function forecastOptions(configFile?: string): ForecastOptions {
  const config = loadConfig({ file: configFile, env: process.env });
  return forecast.options.parse(config.detectors['cascade/forecast']?.options ?? {});
}

/** Events of an NDJSON stream (records that are not valid events are counted, not kept). */
async function readEvents(stream: Readable, file: string | null): Promise<{ events: RepostEvent[]; skipped: number }> {
  const events: RepostEvent[] = [];
  let skipped = 0;
  for await (const { bytes, line } of readLines(stream)) {
    if (bytes.length === 0) continue;
    const r = decodeRecord({
      value: bytes,
      key: null,
      position: file === null ? { kind: 'stdin', line } : { kind: 'file', file, line },
    });
    if (r.ok && r.record.type === 'event') events.push(r.record);
    else skipped++;
  }
  return { events, skipped };
}

export function registerForecast(program: Command): void {
  program
    .command('forecast')
    .description(
      'final-size forecast with an 80% interval for every cascade (by root) of an NDJSON history, at given ages since its first event; the live detector’s model',
    )
    .requiredOption('-i, --input <file>', 'NDJSON events; "-" reads stdin')
    .option('--at <ages>', 'comma-separated ages since each cascade’s first event (s, m, h, d)', '1h,6h,24h')
    .option('-c, --config <file>', 'configuration whose detectors.cascade/forecast options to use')
    .action(async (opts: { input: string; at: string; config?: string }) => {
      const horizons = parseHorizons(opts.at);
      const o = forecastOptions(opts.config);
      const stdin = opts.input === '-';
      const { events, skipped } = await readEvents(
        stdin ? process.stdin : createReadStream(opts.input),
        stdin ? null : opts.input,
      );
      const out: string[] = [];
      for (const lines of forecastHistory(groupByRoot(events), horizons, o))
        for (const line of lines) out.push(JSON.stringify(line));
      process.stdout.write(out.length ? out.join('\n') + '\n' : '');
      if (skipped) process.stderr.write(`doxguard forecast: ${skipped} records skipped (not valid events)\n`);
    });
}
