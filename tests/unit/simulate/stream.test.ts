import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isDoxguardError } from '../../../src/errors/index.js';
import { generate, GroundTruthSchema, simulate, simulateToDir, Simulation } from '../../../src/simulate/index.js';

describe('streaming generation', { timeout: 60_000 }, () => {
  it('streams 200k events quickly with a small truth', { timeout: 60_000 }, () => {
    const sim = new Simulation({ seed: 5, backgroundEvents: 200_000, durationMs: 24 * 3600_000 });
    const t0 = performance.now();
    let n = 0;
    let bytes = 0;
    for (const line of sim.lines()) {
      n++;
      bytes += line.length;
    }
    const seconds = (performance.now() - t0) / 1000;
    expect(n).toBeGreaterThan(150_000);
    // generous for a shared 2-core machine; the measured rate is ~230k lines/s
    expect(seconds).toBeLessThan(15);
    const truth = sim.truth();
    expect(truth.counts.lines).toBe(n);
    expect(JSON.stringify(truth).length).toBeLessThan(bytes / 50);
  });

  it(
    'keeps memory flat: the heap does not grow with the output (measured with gc in a child)',
    { timeout: 60_000 },
    () => {
      const index = fileURLToPath(new URL('../../../src/simulate/index.ts', import.meta.url));
      const code = `const { generate } = await import(process.argv[1]);
      let n = 0, at50k = 0, bytes = 0;
      for (const l of generate({ seed: 5, backgroundEvents: 200_000, durationMs: 86_400_000 })) {
        bytes += l.length;
        if (++n === 50_000) { globalThis.gc(); at50k = process.memoryUsage().heapUsed; }
      }
      globalThis.gc();
      console.log(JSON.stringify({ n, bytes, at50k, end: process.memoryUsage().heapUsed }));`;
      const out = execFileSync(
        process.execPath,
        ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', code, index],
        {
          encoding: 'utf8',
        },
      );
      const m = JSON.parse(out) as { n: number; bytes: number; at50k: number; end: number };
      expect(m.n).toBeGreaterThan(150_000);
      // keeping the lines would add ~0.75 x bytes (35+ MB); a streaming run stays within a few MB
      expect(m.end - m.at50k).toBeLessThan(m.bytes / 10);
    },
  );

  it('backgroundEvents sets the approximate background volume', { timeout: 60_000 }, () => {
    const sim = new Simulation({
      seed: 6,
      backgroundEvents: 20_000,
      doxxing: 0,
      business: 0,
      publicInterest: 0,
      news: 0,
      viral: 0,
    });
    for (const _ of sim.lines());
    const events = sim.truth().background.events;
    expect(events).toBeGreaterThan(20_000 * 0.6);
    expect(events).toBeLessThan(20_000 * 1.6);
  });

  it('a Simulation is iterated once, and its truth waits for the end', () => {
    const sim = new Simulation({ seed: 1, backgroundCascades: 10 });
    expect(() => sim.truth()).toThrow();
    for (const _ of sim.lines());
    expect(() => sim.truth()).not.toThrow();
    expect(() => [...sim.lines()]).toThrow();
  });

  it('rejects invalid options by their zod path', () => {
    expect(() => simulate({ platforms: ['weibo'] })).toThrow(/platforms/);
    try {
      simulate({ doxxingRoutes: [['x', 'x']] });
      expect.unreachable();
    } catch (e) {
      expect(isDoxguardError(e, 'DG_ERR_CLI_USAGE')).toBe(true);
      expect((e as Error).message).toMatch(/doxxingRoutes\.0/);
    }
    expect(() => simulate({ malformedRate: 2 })).toThrow(/malformedRate/);
  });

  it('jitter swaps neighbours a little and loses nothing', () => {
    const opts = { seed: 8, backgroundCascades: 400, durationMs: 3 * 3600_000 };
    const base = simulate(opts);
    const jittered = simulate({ ...opts, jitter: 0.05 });
    expect(jittered.truth.counts.swapped).toBeGreaterThan(0);
    expect([...jittered.lines].sort()).toEqual([...base.lines].sort());
    expect(jittered.lines).not.toEqual(base.lines);
    let displaced = 0;
    base.lines.forEach((l, i) => {
      if (jittered.lines[i] !== l) {
        displaced++;
        expect([jittered.lines[i - 1], jittered.lines[i + 1]]).toContain(l);
      }
    });
    expect(displaced).toBe(jittered.truth.counts.swapped * 2);
  });
});

describe('simulateToDir', { timeout: 60_000 }, () => {
  it('writes events.ndjson and truth.json equal to the in-memory run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'doxguard-sim-'));
    try {
      const opts = { seed: 9, backgroundCascades: 300, malformedRate: 0.02 };
      const progress: number[] = [];
      const res = await simulateToDir({ ...opts, out: dir }, (n) => progress.push(n));
      const mem = simulate(opts);
      expect(res.events).toBe(mem.lines.length);
      expect(await readFile(res.file, 'utf8')).toBe(mem.lines.join('\n') + '\n');
      const truth = GroundTruthSchema.parse(JSON.parse(await readFile(res.truthFile, 'utf8')));
      expect(truth).toEqual(mem.truth);
      expect(progress).toEqual([]);
      expect([...generate(opts)]).toEqual(mem.lines);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
