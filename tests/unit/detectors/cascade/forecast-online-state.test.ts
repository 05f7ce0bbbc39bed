import { describe, expect, it } from 'vitest';
import { forecast } from '../../../../detectors/cascade/forecast.js';
import type { Calibrator } from '../../../../detectors/cascade/forecast-online.js';
import { restoreCalibrator, saveCalibrator } from '../../../../detectors/cascade/forecast-online-save.js';
import { forecastHistory, groupByRoot } from '../../../../src/forecast/index.js';
import { ctxOf } from './fixtures.js';
import { type Ev, HOUR, MIN, at1h, lateTail, raw, slowEnding, stream } from './online-streams.js';

describe('online calibration of the interval: determinism, snapshots, `doxguard forecast`, memory', () => {
  it.each([
    ['as shipped', () => stream(80, 20 * MIN, 1, 0.6, 7), { minPoints: 5 }],
    // cascades ending days after they outgrew their interval: early masks pending across the cut
    [
      'misses learnt early, β as emitted',
      () => slowEnding(90, 0.8, 0.4, 7, 0, 2),
      { minPoints: 5, earlyMisses: true, asEmitted: true, settleSeconds: 86_400 },
    ],
    // most cascades still posting at the 10 h horizon: censored scores in the rings across the cut
    [
      'cut outcomes censored, imputed β',
      () => lateTail(80, 1, 0.5, 7, 0.8),
      { minPoints: 5, horizonSeconds: 10 * 3600, censored: 'kaplanMeierImputed' },
    ],
    // a post every 20 h for 2 days after the growth: points learnt provisionally, again, pending across the cut
    [
      'provisional outcomes',
      () => slowEnding(90, 0.8, 0.4, 7, 0, 2),
      { minPoints: 5, provisionalSeconds: 4 * 3600, settleSeconds: 86_400 },
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
      if ('earlyMisses' in online) expect(whole).toMatch(/,(null|[\d.e-]+),(null|[\d.e-]+),\d+,null\]/); // a point's early mask saved
      if ('censored' in online) expect(whole).toMatch(/\[[\d.e-]+,[\d.e-]+,1\]/); // a censored score saved
      if ('provisionalSeconds' in online) expect(whole).toMatch(/,\[\d+,\d+,-?\d+,-?\d+\]\]/); // a provisional point saved
    },
  );

  const agreeing = (): Ev[] => stream(50, 20 * MIN, 1, 0.6, 3);
  it.each([
    ['one class', agreeing, { minPoints: 3 }],
    ['quiet incidents apart', agreeing, { minPoints: 3, quietShare: 0.5 }],
    ['misses learnt early, β as emitted', agreeing, { minPoints: 3, earlyMisses: true, asEmitted: true }],
    [
      'cut outcomes censored',
      () => lateTail(60, 1, 0.5, 3, 0.8),
      { minPoints: 3, horizonSeconds: 10 * 3600, censored: 'kaplanMeierImputed' },
    ],
    [
      'provisional outcomes',
      () => slowEnding(60, 0.8, 0.4, 3, 0, 2),
      { minPoints: 3, provisionalSeconds: 4 * 3600, settleSeconds: 86_400 },
    ],
  ])(
    'agrees with `doxguard forecast` replaying the same stream (several cascades, one calibration; %s)',
    (_n, make, online) => {
      const events = make();
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
});
