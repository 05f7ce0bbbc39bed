import { describe, expect, it } from 'vitest';
import { forecast } from '../../../../detectors/cascade/forecast.js';
import {
  type CalPoint,
  type Calibrator,
  OnlineCalibration,
  advance,
  calibrationId,
  conformalQuantile,
  fold,
  newCalibrator,
  record,
} from '../../../../detectors/cascade/forecast-online.js';
import { restoreCalibrator, saveCalibrator } from '../../../../detectors/cascade/forecast-online-save.js';
import { forecastHistory, groupByRoot } from '../../../../src/forecast/index.js';
import { mulberry32 } from '../../../../bench/warning/forecast-fit.js';
import { ctxOf, ev } from './fixtures.js';

const T0 = Date.UTC(2026, 0, 5, 8, 0, 0);
const MIN = 60_000;
const HOUR = 3_600_000;

const rng = mulberry32;

/**
 * `count` cascades on one platform, one every `every` ms: 8 posts in their first 20 minutes, then
 * growth to 8 × e^(mu + sigma·z) posts (z roughly standard normal) spread over hours 1–3, so the size at
 * 1 h says nothing of how much more comes: a stream whose growth the fitted interval knows nothing of.
 */
function stream(count: number, every: number, mu: number, sigma: number, seed = 1, first = 0): ReturnType<typeof ev>[] {
  const r = rng(seed);
  const events: ReturnType<typeof ev>[] = [];
  for (let c = first; c < first + count; c++) {
    const start = T0 + c * every;
    const z = r() + r() + r() + r() - 2; // variance 1/3
    const final = Math.max(8, Math.round(8 * Math.exp(mu + sigma * Math.sqrt(3) * z)));
    const root = `c${c}`;
    for (let i = 0; i < final; i++) {
      const t = i < 8 ? start + i * 2.5 * MIN : start + HOUR + 5 * MIN + Math.floor(r() * 2 * HOUR);
      events.push(ev({ postId: i === 0 ? root : `${root}_${i}`, parentId: i === 0 ? null : root, time: t }));
    }
  }
  return events.sort((a, b) => a.time - b.time);
}

/** A narrow fitted interval (±0.1 in ln) at 10 min and 1 h: what the stream's growth makes wrong. */
const narrow = {
  sizes: [],
  knots: [
    { ageSeconds: 600, low: [-0.1], high: [0.1] },
    { ageSeconds: 3600, low: [-0.1], high: [0.1] },
  ],
};
const raw = (online: Record<string, unknown>) => ({ interval: narrow, online: { settleSeconds: 4 * 3600, ...online } });
const at1h = [{ label: '1h', seconds: 3600 }];

/** Coverage of the final size by the 1 h lines of the cascades `from`…`to` (stream order). */
function coverage(events: ReturnType<typeof ev>[], raw: unknown, from: number, to: number): number {
  const cascades = groupByRoot(events);
  const lines = forecastHistory(cascades, at1h, forecast.options.parse(raw)).map((l) => l[0]!);
  const inside = lines
    .slice(from, to)
    .filter((l, i) => l.low <= cascades[from + i]!.events.length && cascades[from + i]!.events.length <= l.high);
  return inside.length / (to - from);
}

describe('online calibration of the interval (forecast-online.ts)', () => {
  it('converges to the nominal coverage on a stream whose growth differs from the fitted one', () => {
    const events = stream(400, 30 * MIN, 1.2, 0.8);
    // the fitted interval alone misses most cascades
    expect(coverage(events, raw({ enabled: false }), 200, 400)).toBeLessThan(0.2);
    // once outcomes are known, the platform's own interval covers 80% ± 7 on the later half
    const online = coverage(events, raw({}), 200, 400);
    expect(online).toBeGreaterThan(0.73);
    expect(online).toBeLessThan(0.87);
    // and follows a nominal 50% as well
    const half = coverage(events, raw({ coverage: 0.5 }), 200, 400);
    expect(half).toBeGreaterThan(0.42);
    expect(half).toBeLessThan(0.58);
  });

  it('follows a platform whose growth changes mid-stream within a few dozen outcomes (DtACI, minPoints 10)', () => {
    // 300 cascades growing little (about 1.35×, which the narrow fitted interval nearly covers), then 300 growing
    // about 5×: a platform that drifts; and its first cascades, before the calibration has outcomes (warm-up)
    const events = [...stream(300, 30 * MIN, 0.3, 0.3, 1), ...stream(300, 30 * MIN, 1.6, 0.5, 2, 300)].sort(
      (a, b) => a.time - b.time,
    );
    const before = { gammas: [0.005], minPoints: 30 }; // what shipped before: plain ACI, 30 outcomes first
    const cover = (online: Record<string, unknown>, from: number, to: number): number =>
      coverage(events, raw(online), from, to);
    // the 60 cascades right after the change: plain ACI lags (measured 62%), DtACI follows (77%)
    expect(cover(before, 300, 360)).toBeLessThan(0.65);
    expect(cover({}, 300, 360)).toBeGreaterThan(0.72);
    // the first 60 cascades: 30 outcomes before the interval moves leave it uncalibrated longer (62% vs 75%)
    expect(cover(before, 0, 60)).toBeLessThan(0.65);
    expect(cover({}, 0, 60)).toBeGreaterThan(0.7);
    // and once settled it holds the nominal coverage
    const settled = cover({}, 340, 600);
    expect(settled).toBeGreaterThan(0.73);
    expect(settled).toBeLessThan(0.87);
  });

  it('calibrates quiet incidents apart when asked (quietShare): the ones still growing are covered again', () => {
    // every other cascade is over after its first 8 posts (quiet at 1 h); the rest post on through the first
    // hour and grow about 4.5× after it (active at 1 h)
    const r = rng(11);
    const events: ReturnType<typeof ev>[] = [];
    const growing = new Set<string>();
    for (let c = 0; c < 600; c++) {
      const start = T0 + c * 20 * MIN;
      const root = `q${c}`;
      const active = c % 2 === 1;
      if (active) growing.add(root);
      const final = active ? Math.round(12 * Math.exp(1.5 + 0.6 * (r() + r() + r() - 1.5))) : 8;
      for (let i = 0; i < final; i++) {
        const t =
          i < 8 ? start + i * MIN : i < 12 ? start + (30 + 7 * (i - 8)) * MIN : start + HOUR + Math.floor(r() * HOUR);
        events.push(ev({ postId: i === 0 ? root : `${root}_${i}`, parentId: i === 0 ? null : root, time: t }));
      }
    }
    events.sort((a, b) => a.time - b.time);
    const cascades = groupByRoot(events);
    const growingCoverage = (online: Record<string, unknown>): number => {
      const lines = forecastHistory(cascades, at1h, forecast.options.parse(raw(online))).map((l) => l[0]!);
      const late = cascades.map((c, i) => ({ c, l: lines[i]! })).filter((x, i) => i >= 300 && growing.has(x.c.rootId));
      return late.filter((x) => x.l.low <= x.c.events.length && x.c.events.length <= x.l.high).length / late.length;
    };
    const oneClass = growingCoverage({});
    const apart = growingCoverage({ quietShare: 0.5 });
    expect(oneClass).toBeLessThan(0.7);
    expect(apart).toBeGreaterThan(0.73);
    expect(apart).toBeLessThan(0.87);
  });

  it('keeps the fitted interval until minPoints outcomes are known, and never moves the forecast itself', () => {
    const events = stream(60, 30 * MIN, 1.2, 0.8);
    const cascades = groupByRoot(events);
    const on = forecastHistory(cascades, at1h, forecast.options.parse(raw({ minPoints: 1000 })));
    const off = forecastHistory(cascades, at1h, forecast.options.parse(raw({ enabled: false })));
    expect(on).toEqual(off);
    const moved = forecastHistory(cascades, at1h, forecast.options.parse(raw({ minPoints: 5 })));
    expect(moved.map((l) => [l[0]!.observed, l[0]!.forecast])).toEqual(
      off.map((l) => [l[0]!.observed, l[0]!.forecast]),
    );
    expect(moved.filter((l, i) => l[0]!.high !== off[i]![0]!.high).length).toBeGreaterThan(20);
  });

  it.each([
    ['as shipped', () => stream(80, 20 * MIN, 1, 0.6, 7), { minPoints: 5 }],
    // cascades ending days after they outgrew their interval: early masks pending across the cut
    [
      'misses learnt early, β as emitted',
      () => slowEnding(90, 0.8, 0.4, 7, 0, 2),
      { minPoints: 5, earlyMisses: true, asEmitted: true, settleSeconds: 86_400 },
    ],
  ])(
    'is deterministic, and a calibration saved and restored mid-stream goes on alike (the live detector; %s)',
    (_n, make, online) => {
      const events = make();
      const o = forecast.options.parse(raw(online));
      /** The detector over the stream, incidents by root, watermark = event time, ticks at each 1 h age. */
      const live = (cut: number | null): string => {
        let cal = forecast.shared!.init(o);
        const states = new Map<string, ReturnType<typeof forecast.init>>();
        const seen: string[] = [];
        events.forEach((e, i) => {
          if (i === cut) cal = forecast.shared!.restore(JSON.parse(JSON.stringify(forecast.shared!.save(cal))), o);
          const root = e.parentId ?? e.postId;
          const s = states.get(root) ?? forecast.init(o);
          states.set(root, forecast.step(s, e, ctxOf(undefined, e.time), o, cal).state);
          for (const [r, st] of states)
            if (st.start !== null && st.start * 1000 + HOUR <= e.time && !seen.some((x) => x.startsWith(`${r} `))) {
              const f = forecast.tick!(st, ctxOf(undefined, st.start * 1000 + HOUR), o, cal).signals[0]?.forecast;
              seen.push(`${r} ${JSON.stringify(f)}`);
            }
        });
        return JSON.stringify([seen, saveCalibrator(cal)]);
      };
      const whole = live(null);
      expect(live(null)).toBe(whole);
      expect(live(Math.floor(events.length / 2))).toBe(whole);
      expect(live(Math.floor(events.length / 3))).toBe(whole);
      expect(whole).toContain('"shift"');
      if ('earlyMisses' in online) expect(whole).toMatch(/,(null|[\d.e-]+),(null|[\d.e-]+),\d+\]/); // a point's early mask saved
    },
  );

  it.each([
    ['one class', { minPoints: 3 }],
    ['quiet incidents apart', { minPoints: 3, quietShare: 0.5 }],
    ['misses learnt early, β as emitted', { minPoints: 3, earlyMisses: true, asEmitted: true }],
  ])(
    'agrees with `doxguard forecast` replaying the same stream (several cascades, one calibration; %s)',
    (_n, online) => {
      const events = stream(50, 20 * MIN, 1, 0.6, 3);
      const o = forecast.options.parse(raw(online));
      const cascades = groupByRoot(events);
      const lines = forecastHistory(cascades, at1h, o).map((l) => l[0]!);
      // the detector, each event stepped with the watermark at its time, each incident judged at its 1 h age
      const cal = forecast.shared!.init(o);
      const states = new Map<string, ReturnType<typeof forecast.init>>();
      const judged = new Map<string, { finalSize: number; low: number; high: number }>();
      const queries = cascades.map((c) => ({ root: c.rootId, t: Math.min(...c.events.map((e) => e.time)) + HOUR }));
      let q = 0;
      for (const e of events) {
        while (q < queries.length && queries[q]!.t < e.time) {
          const { root, t } = queries[q++]!;
          judged.set(root, forecast.tick!(states.get(root)!, ctxOf(undefined, t), o, cal).signals[0]!.forecast!);
        }
        const root = e.parentId ?? e.postId;
        states.set(
          root,
          forecast.step(states.get(root) ?? forecast.init(o), e, ctxOf(undefined, e.time), o, cal).state,
        );
      }
      for (const { root, t } of queries.slice(q))
        judged.set(root, forecast.tick!(states.get(root)!, ctxOf(undefined, t), o, cal).signals[0]!.forecast!);
      const moved = lines.filter((l) => l.high / l.forecast > Math.exp(0.1) + 0.2).length;
      expect(moved).toBeGreaterThan(10);
      expect(lines.map((l) => [l.rootId, l.forecast, l.low, l.high])).toEqual(
        cascades.map((c) => {
          const j = judged.get(c.rootId)!;
          return [c.rootId, j.finalSize, j.low, j.high];
        }),
      );
    },
  );

  it('bounds its memory: a ring of `window` scores per knot, at most maxPending incidents awaiting outcomes', () => {
    const events = stream(200, 10 * MIN, 1, 0.6, 5);
    const run = (online: Record<string, unknown>, each: (c: Calibrator) => void): Calibrator => {
      const o = forecast.options.parse(raw(online));
      const cal: Calibrator = forecast.shared!.init(o);
      const states = new Map<string, ReturnType<typeof forecast.init>>();
      for (const e of events) {
        const root = e.parentId ?? e.postId;
        const s = states.get(root) ?? forecast.init(o);
        states.set(root, forecast.step(s, e, ctxOf(undefined, e.time), o, cal).state);
        each(cal);
      }
      return cal;
    };
    let most = 0;
    run({}, (c) => (most = Math.max(most, c.pending.size)));
    expect(most).toBeGreaterThan(7);
    run({ maxPending: 7 }, (c) => expect(c.pending.size).toBeLessThanOrEqual(7));
    const cal = run({ window: 20 }, () => undefined);
    const rings = [...cal.rings.values()].flatMap((m) => [...m.values()]);
    expect(rings.length).toBe(2);
    for (const r of rings) expect(r.scores.length).toBe(20);
    expect(restoreCalibrator(JSON.parse(JSON.stringify(saveCalibrator(cal))))).toEqual({ ...cal, nextDue: -Infinity });
  });

  it('restores a snapshot of detector 1.4.0 (no learners, no posts seen): its levels go on from where they were', () => {
    const events = stream(60, 20 * MIN, 1, 0.6, 9);
    const o = forecast.options.parse(raw({ minPoints: 5 }));
    const cal: Calibrator = forecast.shared!.init(o);
    const states = new Map<string, ReturnType<typeof forecast.init>>();
    for (const e of events.slice(0, events.length >> 1)) {
      const root = e.parentId ?? e.postId;
      states.set(root, forecast.step(states.get(root) ?? forecast.init(o), e, ctxOf(undefined, e.time), o, cal).state);
    }
    const old = JSON.parse(JSON.stringify(saveCalibrator(cal))) as {
      pending: [number, string, number, number, unknown[][]][];
      rings: [string, Record<string, unknown>[]][];
    };
    for (const p of old.pending) p[4] = p[4].map((x) => x.slice(0, 8));
    for (const [, knots] of old.rings)
      for (const k of knots) {
        delete k.lo;
        delete k.all;
      }
    const back = restoreCalibrator(old);
    const ring = [...back.rings.values()][0]!.get(3600)!;
    expect(ring.lo.alphas).toEqual([ring.alphaLo]);
    for (const e of events.slice(events.length >> 1)) {
      const root = e.parentId ?? e.postId;
      states.set(root, forecast.step(states.get(root) ?? forecast.init(o), e, ctxOf(undefined, e.time), o, back).state);
    }
    // the learners restart at the levels saved, one per step size, once the next outcome is learnt
    expect(ring.lo.alphas.length).toBe(o.online.gammas.length);
  });

  it('takes the conformal order statistic and rejects an unknown option', () => {
    const xs = [5, 1, 4, 2, 3, 9, 8, 7, 6, 10];
    expect(conformalQuantile(xs, 0.9)).toBe(10); // ⌈0.9 × 11⌉ = 10th smallest
    expect(conformalQuantile(xs, 0.5)).toBe(6);
    expect(conformalQuantile(xs, 1)).toBe(10);
    expect(conformalQuantile(xs, 0)).toBe(1);
    expect(() => OnlineCalibration.parse({ windw: 10 })).toThrow();
    expect(() => forecast.options.parse({ online: { gammas: [2] } })).toThrow();
    expect(() => forecast.options.parse({ online: { gammas: [] } })).toThrow();
  });
});

/**
 * Cascades one every 30 min: 8 posts in their first 20 minutes, most of their growth (to 8 × e^(mu + sigma·z))
 * in hours 1–3, then one more post every 20 h for `tail` days: whether they outgrew the 1 h interval is plain
 * within hours, their outcome (a day without a post) comes days later.
 */
function slowEnding(
  count: number,
  mu: number,
  sigma: number,
  seed: number,
  first = 0,
  tail = 5,
): ReturnType<typeof ev>[] {
  const r = mulberry32(seed);
  const events: ReturnType<typeof ev>[] = [];
  for (let c = first; c < first + count; c++) {
    const start = T0 + c * 30 * MIN;
    const z = r() + r() + r() + r() - 2;
    const grown = Math.max(8, Math.round(8 * Math.exp(mu + sigma * Math.sqrt(3) * z)));
    const root = `s${c}`;
    const post = (i: number, t: number): void => {
      events.push(ev({ postId: i === 0 ? root : `${root}_${i}`, parentId: i === 0 ? null : root, time: t }));
    };
    for (let i = 0; i < grown; i++)
      post(i, i < 8 ? start + i * 2.5 * MIN : start + HOUR + 5 * MIN + Math.floor(r() * 2 * HOUR));
    for (let d = 1; d <= (tail * 24) / 20; d++) post(grown + d - 1, start + 3 * HOUR + d * 20 * HOUR);
  }
  return events.sort((a, b) => a.time - b.time);
}

describe('censored early feedback (online.earlyMisses)', () => {
  it('a platform whose cascades outgrow the interval days before they end: coverage recovers sooner', () => {
    // 400 cascades growing about 1.35× after 1 h, then 500 growing about 2.7×; each ends 3 days after its growth
    // (one post every 20 h), so its outcome is known 4 days after its 1 h forecast, its miss within hours
    const events = [...slowEnding(400, 0.3, 0.3, 1, 0, 3), ...slowEnding(500, 1.0, 0.4, 2, 400, 3)].sort(
      (a, b) => a.time - b.time,
    );
    // the 200 cascades after the change: waiting for outcomes covers 33% (measured), misses learnt early 53.5%
    expect(coverage(events, { interval: narrow, online: {} }, 400, 600)).toBeLessThan(0.4);
    expect(coverage(events, { interval: narrow, online: { earlyMisses: true } }, 400, 600)).toBeGreaterThan(0.5);
    // settled (the last 200): nominal with early misses (79%; 71% without), and before the change too (87.5%)
    const settled = coverage(events, { interval: narrow, online: { earlyMisses: true } }, 700, 900);
    expect(settled).toBeGreaterThan(0.73);
    expect(settled).toBeLessThan(0.87);
    expect(coverage(events, { interval: narrow, online: { earlyMisses: true } }, 200, 400)).toBeGreaterThan(0.75);
  });

  it('judges points folded into a joined incident on its size: outgrown there, learnt early; 1.5.0 points restore', () => {
    const o = OnlineCalibration.parse({ earlyMisses: true, minPoints: 1000 });
    const c = newCalibrator();
    const a = calibrationId(c);
    const b = calibrationId(c);
    const point = (at: number): CalPoint => ({
      at,
      knot: 3600,
      quiet: false,
      forecast: 10,
      lo: -0.1,
      hi: 0.1,
      low: 9,
      high: 12,
      posts: 9,
    });
    record(c, a, 'p', 9, T0, point(T0), o);
    record(c, b, 'p', 9, T0, point(T0), o);
    advance(c, T0 + HOUR, o);
    expect(c.pending.get(a)!.points[0]!.early).toBeUndefined();
    // b (9 posts) joins a with 6 posts of its own: 15 > 12, a miss whatever comes next
    fold(c, b, a, 15, T0 + HOUR);
    advance(c, T0 + 2 * HOUR, o);
    const points = c.pending.get(a)!.points;
    expect(points).toHaveLength(2);
    // before minPoints β is the emitted miss (0): every both-sides learner above 0 stepped, once
    for (const x of points) expect(x.early).toBe((1 << o.gammas.length) - 1);
    const ring = c.rings.get('p')!.get(3600)!;
    expect(ring.scores).toHaveLength(0);
    const alphas = [...ring.all.alphas];
    expect(alphas.every((x) => x < 0.2)).toBe(true);
    advance(c, T0 + 3 * HOUR, o);
    expect(ring.all.alphas).toEqual(alphas);
    // a day of silence: the outcome adds both scores and steps only the lower side and the weights
    advance(c, T0 + 26 * HOUR, o);
    expect(c.pending.size).toBe(0);
    expect(ring.scores).toHaveLength(2);
    expect(ring.all.alphas).toEqual(alphas);
    // a snapshot of detector 1.5.0 (points of 9 fields) restores without levels or masks
    record(c, a, 'p', 9, T0, point(T0 + 30 * HOUR), o);
    const saved = JSON.parse(JSON.stringify(saveCalibrator(c))) as {
      pending: [number, string, number, number, unknown[][]][];
    };
    for (const p of saved.pending) p[4] = p[4].map((x) => x.slice(0, 9));
    expect(restoreCalibrator(saved).pending.get(a)!.points[0]).toEqual(point(T0 + 30 * HOUR));
  });
});
