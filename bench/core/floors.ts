/**
 * The floors bench/core measures the pipeline against (measure.ts runs each in a process of its own): the bare
 * JSON.parse loop, decode + PII scan, and the outputs' floor.
 */
import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KafkaMessage } from 'kafkajs';
import { readLines } from '../../src/source/index.js';
import { decodeAndScan } from '../kafka/throughput.js';
import { benchConfig } from './config.js';

/** The bare loop: read lines as the file source does, and JSON.parse each. */
export async function parse(file: string): Promise<object> {
  let n = 0;
  const t0 = performance.now();
  for await (const { bytes } of readLines(createReadStream(file))) {
    JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8'));
    n++;
  }
  return { records: n, rate: n / ((performance.now() - t0) / 1000) };
}

/** The floor: decode + PII scan of each record (bench/kafka's decodeAndScan, on a file). */
export async function floor(file: string): Promise<object> {
  const perRecord = await decodeAndScan(benchConfig(file, 'unused', 1, 1));
  let n = 0;
  const t0 = performance.now();
  for await (const { bytes } of readLines(createReadStream(file))) {
    const value = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    perRecord('t', 0, { value, key: null, offset: String(n++) } as unknown as KafkaMessage);
  }
  return { records: n, rate: n / ((performance.now() - t0) / 1000) };
}

/**
 * The outputs' floor of a run that wrote `dir` from `records` input records: every output line parsed first, then
 * timed, one JSON.stringify and one SHA-256 of each (the pipeline makes two texts, canonical and plain, and hashes
 * the first: this is less than it must do). Best of three passes, so a collection in one does not count.
 */
export function outputs(dir: string, records: number): object {
  const values: unknown[] = [];
  let bytes = 0;
  for (const f of readdirSync(dir).sort())
    if (f.endsWith('.ndjson'))
      for (const line of readFileSync(join(dir, f), 'utf8').split('\n'))
        if (line) {
          values.push(JSON.parse(line));
          bytes += Buffer.byteLength(line) + 1;
        }
  let best = Infinity;
  for (let pass = 0; pass < 3; pass++) {
    const t0 = performance.now();
    for (const v of values) createHash('sha256').update(JSON.stringify(v)).digest('hex');
    best = Math.min(best, performance.now() - t0);
  }
  return {
    records,
    outputs: values.length,
    bytesPerRecord: bytes / records,
    usPerRecord: (best * 1000) / records,
    rate: records / (best / 1000),
  };
}
