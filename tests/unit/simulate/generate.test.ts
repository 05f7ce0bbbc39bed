import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeRecord } from '../../../src/decode/index.js';
import { NoticeSchema, RepostEventSchema } from '../../../src/contract/index.js';
import { generate, GroundTruthSchema, simulate } from '../../../src/simulate/index.js';

const small = {
  seed: 11,
  durationMs: 6 * 3600_000,
  backgroundCascades: 1500,
  malformedRate: 0.01,
  duplicateRate: 0.002,
};
const run = simulate(small);
const { lines, truth } = run;
const bad = new Map(truth.malformed.map((m) => [m.line, m]));
const isBad = (i: number): boolean => bad.has(i + 1);
const good = lines.filter((_, i) => !isBad(i)).map((l) => JSON.parse(l) as Record<string, unknown>);
const events = good.filter((e) => e.type !== 'notice');

const digest = (ls: readonly string[]): string => createHash('sha256').update(ls.join('\n')).digest('hex');

describe('simulate: determinism', { timeout: 60_000 }, () => {
  it('same seed and options give byte-identical lines and truth', () => {
    const again = simulate(small);
    expect(digest(again.lines)).toBe(digest(lines));
    expect(JSON.stringify(again.truth)).toBe(JSON.stringify(truth));
  });

  it('another seed gives other lines', () => {
    expect(digest(simulate({ ...small, seed: 12 }).lines)).not.toBe(digest(lines));
  });

  it('the streaming generator yields exactly the lines of simulate()', () => {
    expect(digest([...generate(small)])).toBe(digest(lines));
  });
});

describe('simulate: validity', { timeout: 60_000 }, () => {
  it('the truth passes its schema and its counts add up', () => {
    expect(() => GroundTruthSchema.parse(truth)).not.toThrow();
    const c = truth.counts;
    expect(c.lines).toBe(lines.length);
    expect(c.events + c.notices + c.malformed + c.duplicates).toBe(lines.length);
    expect(c.malformed).toBeGreaterThan(10);
    expect(truth.malformed).toHaveLength(c.malformed);
  });

  it('every line not listed as malformed passes the event or notice schema', () => {
    for (const e of good) {
      const r = e.type === 'notice' ? NoticeSchema.safeParse(e) : RepostEventSchema.safeParse(e);
      expect(r.success, JSON.stringify(e).slice(0, 200)).toBe(true);
    }
    expect(good.filter((e) => e.type === 'notice').length).toBe(truth.counts.notices);
  });

  it('every malformed line is dead-lettered by decode with the reason the truth expects', () => {
    const seen = new Set<string>();
    for (const m of truth.malformed) {
      const value = new TextEncoder().encode(lines[m.line - 1]!);
      const r = decodeRecord({ value, key: null, position: { kind: 'file', file: 'events.ndjson', line: m.line } });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.deadLetter.reason, `${m.kind} at line ${m.line}`).toBe(m.expectedReason);
      seen.add(m.kind);
    }
    expect(seen.size).toBeGreaterThanOrEqual(5);
  });

  it('event ids are unique apart from the injected duplicates, and post ids unique per platform', () => {
    const ids = events.map((e) => e.eventId as string);
    expect(ids.length - new Set(ids).size).toBe(truth.counts.duplicates);
    const posts = new Set(events.map((e) => `${e.platform as string}:${e.postId as string}`));
    expect(posts.size).toBe(new Set(ids).size);
  });

  it('lines come in event-time order when jitter is 0', () => {
    let last = -Infinity;
    for (const e of good) {
      const raw = (e.createdAt ?? e.receivedAt) as string | number;
      const t = typeof raw === 'number' ? raw : Date.parse(raw);
      expect(t).toBeGreaterThanOrEqual(last);
      last = t;
    }
    expect(last).toBeLessThanOrEqual(truth.end);
  });
});

describe('simulate: structure', { timeout: 60_000 }, () => {
  it('every parent is an earlier post of the same cascade and rootIds are consistent', () => {
    const posts = new Map<string, { time: number; root: string }>();
    let withRootId = 0;
    for (const e of events) {
      const key = `${e.platform as string}:${e.postId as string}`;
      const time = typeof e.createdAt === 'number' ? e.createdAt : Date.parse(e.createdAt as string);
      if (posts.has(key)) continue; // an injected duplicate
      if (e.kind === 'post') {
        posts.set(key, { time, root: key });
        continue;
      }
      const parent = posts.get(`${e.platform as string}:${e.parentId as string}`);
      expect(parent, `parent of ${key}`).toBeDefined();
      expect(parent!.time).toBeLessThanOrEqual(time);
      posts.set(key, { time, root: parent!.root });
      if (e.rootId !== undefined) {
        withRootId++;
        expect(`${e.platform as string}:${e.rootId as string}`).toBe(parent!.root);
      }
    }
    expect(withRootId).toBeGreaterThan(0);
    expect(withRootId).toBeLessThan(events.length);
  });

  it('background cascade sizes are heavy-tailed: most tiny, a few large', () => {
    const h = truth.background.sizeHistogram;
    const total = Object.values(h).reduce((a, b) => a + b, 0);
    expect(total).toBe(truth.background.cascades);
    expect((h['1'] ?? 0) / total).toBeGreaterThan(0.4);
    const big = Object.entries(h)
      .filter(([k]) => Number(k.split('-')[0]) >= 64)
      .reduce((a, [, v]) => a + v, 0);
    expect(big).toBeGreaterThan(0);
    expect(big / total).toBeLessThan(0.05);
    expect(truth.background.largeRoots.some((r) => r.viral && r.size > 1000)).toBe(true);
  });

  it('uses several platforms, with and without rootId, ISO and epoch-ms times', () => {
    const platforms = new Set(events.map((e) => e.platform));
    expect(platforms.size).toBe(6);
    expect(events.some((e) => typeof e.createdAt === 'number')).toBe(true);
    expect(events.some((e) => typeof e.createdAt === 'string')).toBe(true);
    const kinds = new Set(events.map((e) => e.kind));
    expect([...kinds].sort()).toEqual(['post', 'quote', 'reply', 'repost']);
  });

  it('author reach is heavy-tailed', () => {
    const f = events.map((e) => e.authorFollowers as number).sort((a, b) => a - b);
    const median = f[Math.floor(f.length / 2)]!;
    expect(median).toBeLessThan(5_000);
    expect(f[f.length - 1]!).toBeGreaterThan(median * 1000);
  });
});
