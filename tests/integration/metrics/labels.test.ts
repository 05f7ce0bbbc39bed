import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/index.js';
import { createMetrics } from '../../../src/metrics/index.js';
import { simulate } from '../../../src/simulate/index.js';
import { freePort, waitFor } from '../prometheus/prometheus-server.js';

/**
 * Every series a running `doxguard run` serves, after it read input built to
 * leak: ids, authors, texts, platforms, notice fields and broken records each
 * carry a marker token, plus arbitrary JSON records. No label may take a value
 * outside the vocabularies declared up front (the series createMetrics
 * initialises at zero), and no marker may appear anywhere it serves.
 */
const ROOT = join(import.meta.dirname, '../../..');

interface Sample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

/** The Prometheus text format's samples (comments skipped), label values unescaped. */
function parseSamples(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/g;
    for (const l of (m[3] ?? '').matchAll(re))
      labels[l[1]!] = l[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    out.push({ name: m[1]!, labels, value: Number(m[4]) });
  }
  return out;
}

/** series name → label → the values it may take: what a fresh metric set declares. */
async function declaredVocabulary(): Promise<Map<string, Map<string, Set<string>>>> {
  const registry = new Registry();
  const config = validateConfig({});
  createMetrics(registry, { platforms: config.metrics.platforms, defaultMetrics: false });
  const vocab = new Map<string, Map<string, Set<string>>>();
  for (const s of parseSamples(await registry.metrics())) {
    const byLabel = vocab.get(s.name) ?? new Map<string, Set<string>>();
    vocab.set(s.name, byLabel);
    for (const [k, v] of Object.entries(s.labels)) byLabel.set(k, (byLabel.get(k) ?? new Set()).add(v));
  }
  return vocab;
}

/** Process metrics of prom-client: label names whose values come from Node, never from input. */
const PROCESS_LABELS = new Set(['version', 'major', 'minor', 'patch', 'space', 'kind', 'type']);
const isBucketBound = (k: string, v: string): boolean => k === 'le' && (v === '+Inf' || Number.isFinite(Number(v)));

const markers: string[] = [];
const mark = (what: string): string => {
  const m = `zq${what}${markers.length}x7`;
  markers.push(m);
  return m;
};

/** Records built to leak: every field that could reach a label carries a marker. */
function leakyLines(): string[] {
  const lines: string[] = [];
  const t0 = Date.UTC(2026, 0, 5, 8);
  for (let i = 0; i < 60; i++) {
    const platform = i % 3 === 0 ? mark('plat') : 'weibo';
    const root = mark('root');
    lines.push(
      JSON.stringify({
        eventId: mark('eid'),
        platform,
        kind: 'post',
        postId: root,
        authorId: mark('author'),
        createdAt: t0 + i * 1000,
        text: `人肉 ${mark('text')} 13812345678 https://weibo.com/1/${mark('url')}`,
        authorFollowers: 10,
      }),
    );
    lines.push(
      JSON.stringify({
        eventId: mark('eid'),
        platform,
        kind: 'repost',
        postId: mark('post'),
        parentId: root,
        rootId: root,
        authorId: mark('author'),
        createdAt: t0 + i * 1000 + 500,
        text: mark('text'),
      }),
    );
    lines.push(
      JSON.stringify({
        type: 'notice',
        platform,
        postId: root,
        noticeId: mark('notice'),
        createdAt: t0 + i * 1000 + 700,
      }),
    );
    lines.push(JSON.stringify({ type: mark('type'), platform: mark('plat'), eventId: mark('eid') }));
    lines.push(`{"eventId":"${mark('broken')}", "platform": "${mark('plat')}"`);
    lines.push(
      JSON.stringify({ eventId: mark('eid'), platform: mark('plat'), kind: mark('kind'), createdAt: mark('time') }),
    );
  }
  // arbitrary JSON values, and arbitrary records shaped like events (fields of any type and content)
  const anyRecord = fc.record(
    {
      type: fc.oneof(fc.constant('event'), fc.constant('notice'), fc.string()),
      eventId: fc.string(),
      platform: fc.oneof(fc.constantFrom('weibo', 'x', 'reddit'), fc.string()),
      kind: fc.oneof(fc.constantFrom('post', 'repost', 'reply', 'quote'), fc.string()),
      postId: fc.string(),
      authorId: fc.string(),
      createdAt: fc.oneof(fc.integer(), fc.string()),
      text: fc.string(),
    },
    { requiredKeys: [] },
  );
  for (const v of fc.sample(fc.jsonValue(), { numRuns: 150, seed: 19 })) lines.push(JSON.stringify(v) ?? 'null');
  for (const r of fc.sample(anyRecord, { numRuns: 150, seed: 20 })) lines.push(JSON.stringify(r));
  return lines;
}

describe('metrics expose nothing from the input', () => {
  const lines = [
    ...simulate({ seed: 5, backgroundCascades: 60, doxxing: 2, doxxingSize: 80, malformedRate: 0.02 }).lines,
    ...leakyLines(),
  ].filter((l) => l.trim().length > 0);
  let dir: string;
  let doxguard: ChildProcess;
  let log = '';
  let port: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'doxguard-labels-'));
    port = await freePort();
    doxguard = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'run', '--input', '-', '--out', join(dir, 'out'), '--no-progress'],
      {
        cwd: ROOT,
        stdio: ['pipe', 'pipe', 'pipe'],
        env: {
          ...process.env,
          DOXGUARD_SECRET: 'labels-test-secret-0123456789',
          DOXGUARD_CONFIG__metrics__enabled: 'true',
          DOXGUARD_CONFIG__metrics__port: String(port),
          DOXGUARD_CONFIG__source__batchSize: '1',
          DOXGUARD_CONFIG__log__level: 'warn',
        },
      },
    );
    doxguard.stdout!.resume();
    doxguard.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    doxguard.stdin!.write(lines.join('\n') + '\n');
    // every record is counted once: an input event (any outcome, dead letters too) or a notice or verdict
    const total = async (): Promise<number> =>
      parseSamples(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text())
        .filter((s) => s.name === 'doxguard_events_total' || s.name === 'doxguard_feedback_total')
        .reduce((n, s) => n + s.value, 0);
    const done = await waitFor(async () => (await total().catch(() => -1)) >= lines.length, 90_000);
    if (!done)
      throw new Error(
        `doxguard counted ${await total().catch(() => -1)} of ${lines.length} records:\n${log.slice(-3000)}`,
      );
  }, 120_000);

  afterAll(async () => {
    if (doxguard && doxguard.exitCode === null) {
      const exited = new Promise((r) => doxguard.once('exit', r));
      doxguard.stdin?.end();
      const timer = setTimeout(() => doxguard.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('every label value of every series is in a bounded vocabulary declared up front', async () => {
    const vocab = await declaredVocabulary();
    const samples = parseSamples(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
    expect(samples.length).toBeGreaterThan(100);
    const outside: string[] = [];
    for (const s of samples) {
      if (!s.name.startsWith('doxguard_')) {
        for (const [k, v] of Object.entries(s.labels))
          if (!PROCESS_LABELS.has(k) && !isBucketBound(k, v)) outside.push(`${s.name} ${k}`);
        continue;
      }
      const declared = vocab.get(s.name);
      for (const [k, v] of Object.entries(s.labels)) {
        if (isBucketBound(k, v)) continue;
        if (!declared?.get(k)?.has(v)) outside.push(`${s.name}{${k}="${v}"}`);
      }
    }
    expect(outside).toEqual([]);
    // the leaky records were counted, under `other` and `unknown`, not under their own names
    const platforms = new Set(samples.filter((s) => s.name === 'doxguard_events_total').map((s) => s.labels.platform));
    expect(platforms).toContain('other');
    expect(platforms).toContain('unknown');
  });

  it('no marker from the input appears in /metrics, /healthz, /readyz or a 404', async () => {
    const bodies = await Promise.all(
      ['/metrics', '/healthz', '/readyz', `/${markers[0]}`].map(async (p) =>
        (await fetch(`http://127.0.0.1:${port}${p}`)).text(),
      ),
    );
    const all = bodies.join('\n');
    expect(markers.length).toBeGreaterThan(500);
    expect(markers.filter((m) => all.includes(m))).toEqual([]);
    expect(all).not.toContain('13812345678');
  });
});
