import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { buildRuntime, closeRuntime } from '../../../src/app/index.js';
import { validateConfig } from '../../../src/config/index.js';
import { formatDuration, Progress } from '../../../src/app/index.js';
import { countRecords, replayFiles } from '../../../src/replay/index.js';
import { Simulation } from '../../../src/simulate/index.js';

const dir = mkdtempSync(join(tmpdir(), 'doxguard-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sim = new Simulation({
  seed: 11,
  durationMs: 4 * 3600_000,
  backgroundCascades: 120,
  viral: 1,
  viralSize: 500,
  doxxing: 3,
  doxxingSize: 200,
  malformedRate: 0.02,
  duplicateRate: 0.02,
  jitter: 0.02,
  noticeShare: 1,
});
const lines = [...sim.lines()];
const input = join(dir, 'history.ndjson');
writeFileSync(input, lines.join('\n') + '\n');
const base = { fingerprintSecret: 'replay-test-secret-0123456789' };
const read = (d: string, c: string): string => readFileSync(join(d, `${c}.ndjson`), 'utf8');
const quiet = { write: () => true };

/** The live run: lines arriving one at a time on a stream, as `doxguard run -i -` sees them. */
async function live(out: string): Promise<void> {
  const config = validateConfig({
    ...base,
    source: { kind: 'stdin', batchSize: 1 },
    output: { kind: 'files', dir: out },
  });
  const stdin = Readable.from(lines.map((l) => Buffer.from(`${l}\n`)));
  const runtime = await buildRuntime(config, { stdin });
  let outcome: 'completed' | 'failed' = 'failed';
  try {
    await runtime.source.run((batch) => runtime.pipeline.handleBatch(batch), new AbortController().signal);
    await runtime.pipeline.finish();
    outcome = 'completed';
  } finally {
    // the whole runtime, evidence log included (closing only source and sink left its file to the collector)
    await closeRuntime(runtime, outcome);
  }
}

describe('replay', () => {
  it('writes byte for byte what the live run wrote on the same input', async () => {
    const liveOut = join(dir, 'live');
    const replayOut = join(dir, 'replay');
    await live(liveOut);
    const result = await replayFiles({
      config: validateConfig(base),
      files: [input],
      outDir: replayOut,
      stderr: quiet,
    });
    expect(result.records).toBe(lines.length);
    for (const c of ['alerts', 'interventions', 'incidents'] as const)
      expect(read(replayOut, c) === read(liveOut, c), `${c} differ`).toBe(true);
    // dead letters name where each record came from (stdin line vs file line): the rest is identical
    const dlq = (d: string): unknown[] =>
      read(d, 'dlq')
        .split('\n')
        .filter(Boolean)
        .map((l) => {
          const { id: _id, position, ...rest } = JSON.parse(l) as { id: string; position: { line: number } };
          return { ...rest, line: position.line };
        });
    expect(dlq(replayOut)).toEqual(dlq(liveOut));
    expect(dlq(liveOut).length).toBeGreaterThan(10);
    expect(read(liveOut, 'alerts').length).toBeGreaterThan(0);
    expect(read(liveOut, 'interventions').length).toBeGreaterThan(0);
    expect(result.stats.events).toBe(sim.truth().counts.events);
  }, 60_000);

  it('lets an analyst try another policy on the same input (--config)', async () => {
    const enforce = join(dir, 'enforce');
    const shadow = join(dir, 'shadow');
    await replayFiles({ config: validateConfig(base), files: [input], outDir: enforce, stderr: quiet });
    await replayFiles({
      config: validateConfig({ ...base, policy: { shadow: true } }),
      files: [input],
      outDir: shadow,
      stderr: quiet,
    });
    expect(read(enforce, 'interventions').length).toBeGreaterThan(0);
    expect(read(shadow, 'interventions')).toBe('');
    const shadowAlerts = read(shadow, 'alerts').split('\n').filter(Boolean);
    expect(shadowAlerts.length).toBeGreaterThan(0);
    expect(shadowAlerts.every((l) => (JSON.parse(l) as { shadow: boolean }).shadow)).toBe(true);
  }, 60_000);

  it('refuses to write to Kafka topics unless asked', async () => {
    const config = validateConfig({ ...base, output: { kind: 'kafka' } });
    await expect(replayFiles({ config, files: [input], outDir: null, stderr: quiet })).rejects.toThrow(/--to-kafka/);
  });

  it('counts the records of the input for the progress total', async () => {
    const f = join(dir, 'no-trailing-newline.ndjson');
    writeFileSync(f, 'a\nb\n\nc');
    expect(await countRecords([f, input])).toBe(4 + lines.length);
  });
});

describe('Progress (replay)', () => {
  it('shows percent, events per second and the time left, then the total time', () => {
    const out: string[] = [];
    let t = 0;
    const p = new Progress('replay', 10_000, { write: (s: string) => out.push(s) }, () => t);
    t = 2_000;
    p.advance(2_000);
    expect(out).toHaveLength(0); // not a TTY: a line every 5 s
    t = 5_000;
    p.advance(3_000);
    expect(out[0]).toBe('replay [############............] 50.0% 5,000/10,000 records · 1,000 ev/s · ETA 5s\n');
    t = 10_000;
    p.advance(5_000);
    p.finish();
    expect(out.at(-1)).toBe(
      'replay [########################] 100.0% 10,000/10,000 records · 1,000 ev/s · done in 10.0s\n',
    );
  });

  it('with JSON logs: structured log lines every 5 s and at the end, never a bar, even on a terminal', () => {
    const out: string[] = [];
    const logged: { fields: unknown; message: string }[] = [];
    let t = 0;
    const p = new Progress(
      'doxguard',
      null,
      { write: (s: string) => out.push(s), isTTY: true },
      () => t,
      true,
      (fields, message) => logged.push({ fields, message }),
    );
    t = 1_000;
    p.advance(500);
    expect(logged).toHaveLength(0); // a terminal would redraw every 200 ms; a log line comes every 5 s
    t = 5_000;
    p.advance(4_500);
    t = 8_000;
    p.advance(3_000);
    p.finish();
    expect(out).toEqual([]);
    expect(logged).toEqual([
      {
        fields: {
          progress: {
            label: 'doxguard',
            records: 5_000,
            total: null,
            recordsPerSecond: 1_000,
            elapsedSeconds: 5,
            etaSeconds: null,
            done: false,
          },
        },
        message: 'doxguard: 5,000 records, 1,000/s',
      },
      {
        fields: {
          progress: {
            label: 'doxguard',
            records: 8_000,
            total: null,
            recordsPerSecond: 1_000,
            elapsedSeconds: 8,
            etaSeconds: null,
            done: true,
          },
        },
        message: 'doxguard: 8,000 records, 1,000/s in 8.0s',
      },
    ]);
  });

  it('without JSON logs: a live bar redrawn in place only on a terminal', () => {
    const out: string[] = [];
    let t = 0;
    const p = new Progress('replay', 1_000, { write: (s: string) => out.push(s), isTTY: true }, () => t);
    t = 250;
    p.advance(250);
    t = 500;
    p.advance(250);
    p.finish();
    expect(out).toEqual([
      '\r\x1b[Kreplay [######..................] 25.0% 250/1,000 records · 1,000 ev/s · ETA 1s',
      '\r\x1b[Kreplay [############............] 50.0% 500/1,000 records · 1,000 ev/s · ETA 1s',
      '\r\x1b[Kreplay [############............] 50.0% 500/1,000 records · 1,000 ev/s · done in 0.5s\n',
    ]);
  });

  it('formats durations', () => {
    expect(formatDuration(42)).toBe('42s');
    expect(formatDuration(125)).toBe('2m05s');
    expect(formatDuration(7260)).toBe('2h01m');
  });
});
