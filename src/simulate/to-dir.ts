import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Simulation } from './generate.js';
import type { SimulateOptionsInput } from './options.js';

export interface SimulateToDirResult {
  /** lines written (events, notices, duplicates and malformed lines) */
  readonly events: number;
  readonly file: string;
  readonly truthFile: string;
}

/**
 * Write a run to `out/events.ndjson` and `out/truth.json`, streaming (flat
 * memory whatever the size). `onProgress` is called every 100k lines.
 */
export async function simulateToDir(
  options: SimulateOptionsInput & { out: string },
  onProgress?: (lines: number) => void,
): Promise<SimulateToDirResult> {
  const { out, ...rest } = options;
  await mkdir(out, { recursive: true });
  const file = join(out, 'events.ndjson');
  const truthFile = join(out, 'truth.json');
  const sim = new Simulation(rest);
  const stream = createWriteStream(file);
  let batch: string[] = [];
  let n = 0;
  try {
    for (const line of sim.lines()) {
      batch.push(line);
      n++;
      if (batch.length === 2000) {
        if (!stream.write(batch.join('\n') + '\n')) await once(stream, 'drain');
        batch = [];
      }
      if (onProgress && n % 100_000 === 0) onProgress(n);
    }
    if (batch.length > 0) stream.write(batch.join('\n') + '\n');
  } finally {
    stream.end();
  }
  await once(stream, 'finish');
  await writeFile(truthFile, JSON.stringify(sim.truth(), null, 1) + '\n');
  return { events: n, file, truthFile };
}
