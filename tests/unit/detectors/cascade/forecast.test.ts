import { describe, expect, it } from 'vitest';
import { forecast } from '../../../../detectors/cascade/forecast.js';
import {
  SEISMIC_KERNEL,
  addPost,
  emptySeismic,
  forecast as predict,
  kernelCdf,
} from '../../../../detectors/cascade/seismic-model.js';
import { conformance, ctxOf, ev, run } from './fixtures.js';

const params = { ...SEISMIC_KERNEL, alpha: 1, k: 0, maxRatio: 1000 };

describe('seismic model', () => {
  it('has a normalised power-law kernel: flat to s0, then a heavy tail', () => {
    expect(kernelCdf(0, SEISMIC_KERNEL)).toBe(0);
    expect(kernelCdf(150, SEISMIC_KERNEL) * 2).toBeCloseTo(kernelCdf(300, SEISMIC_KERNEL), 10);
    expect(kernelCdf(1e12, SEISMIC_KERNEL)).toBeCloseTo(1, 2);
    expect(kernelCdf(3600, SEISMIC_KERNEL)).toBeLessThan(0.75);
  });

  it('estimates infectiousness as reshares per exposure', () => {
    let s = emptySeismic();
    s = addPost(s, 0, 10_000, 64);
    for (let i = 1; i <= 50; i++) s = addPost(s, i * 10, 0, 64);
    const f = predict(s, 1e15, params);
    // the root's whole audience has been exposed: p = 50 / 10000
    expect(f.infectiousness).toBeCloseTo(50 / 10_000, 4);
    expect(f.finalSize).toBeCloseTo(51, 0);
  });

  it('predicts more to come early in a cascade than late', () => {
    let s = emptySeismic();
    s = addPost(s, 0, 100_000, 64);
    for (let i = 1; i <= 40; i++) s = addPost(s, i * 5, 500, 64);
    const early = predict(s, 600, params).finalSize;
    const late = predict(s, 7 * 86400, params).finalSize;
    expect(early).toBeGreaterThan(late);
    expect(late).toBeGreaterThanOrEqual(41);
  });

  it('keeps memory bounded and the forecast close to the exact one', () => {
    let small = emptySeismic();
    let exact = emptySeismic();
    for (let i = 0; i < 2000; i++) {
      const t = i * i * 0.05;
      small = addPost(small, t, 100 + (i % 7) * 50, 32);
      exact = addPost(exact, t, 100 + (i % 7) * 50, 100_000);
    }
    expect(small.buckets.length / 3).toBeLessThanOrEqual(32);
    const now = 2000 * 2000 * 0.05 + 60;
    const a = predict(small, now, params).finalSize;
    const b = predict(exact, now, params).finalSize;
    expect(Math.abs(a - b) / b).toBeLessThan(0.02);
  });

  it('caps a supercritical process', () => {
    let s = emptySeismic();
    for (let i = 0; i < 20; i++) s = addPost(s, i, 10, 64);
    const f = predict(s, 30, { ...params, k: 1e6, maxRatio: 10 });
    expect(f.supercritical).toBe(true);
    expect(f.finalSize).toBe(200);
  });
});

describe('cascade/forecast', () => {
  const events = Array.from({ length: 40 }, (_, i) => ev({ time: i * 10_000, authorFollowers: 2_000 }));
  it('passes conformance', () => conformance(forecast, events));

  it('forecasts a growing cascade and names the latest event', () => {
    const { signals } = run(forecast, events);
    expect(signals[0]!.code).toBe('CASCADE_FORECAST');
    expect(signals[0]!.score).toBeGreaterThan(0);
    expect(signals[0]!.evidence).toEqual([events[events.length - 1]!.eventId]);
  });

  it('says nothing below minPosts', () => {
    expect(run(forecast, events.slice(0, 3)).signals).toEqual([]);
  });
  it('re-forecasting every 1/64 of growth stays within a score step of forecasting every post', () => {
    const long = Array.from({ length: 3000 }, (_, i) =>
      ev({ time: Math.round(i * i * 0.5) + i * 1000, authorFollowers: 100 + ((i * 7919) % 5000) }),
    );
    const o = forecast.options.parse({});
    const exact = forecast.options.parse({ refresh: 1_000_000 });
    let a = forecast.init(o);
    let b = forecast.init(exact);
    let recomputed = 0;
    for (const [i, e] of long.entries()) {
      const ra = forecast.step(a, e, ctxOf(undefined, e.time), o);
      const rb = forecast.step(b, e, ctxOf(undefined, e.time), exact);
      ({ state: a } = ra);
      ({ state: b } = rb);
      if (a.judged?.posts === i + 1) recomputed++;
      expect(Math.abs((ra.signals[0]?.score ?? 0) - (rb.signals[0]?.score ?? 0))).toBeLessThanOrEqual(0.01 + 1e-9);
    }
    // and it is not simply forecasting every post
    expect(recomputed).toBeLessThan(long.length / 4);
    // quiet afterwards: ticks every minute decay the forecast as often forecasting would
    const end = long[long.length - 1]!.time;
    let ticked = 0;
    for (let t = end + 60_000; t < end + 6 * 3600_000; t += 60_000) {
      const before = a.judged;
      const ta = forecast.tick!(a, ctxOf(undefined, t), o).signals;
      const tb = forecast.tick!(b, ctxOf(undefined, t), exact).signals;
      if (a.judged !== before) ticked++;
      expect(Math.abs((ta[0]?.score ?? 0) - (tb[0]?.score ?? 0))).toBeLessThanOrEqual(0.01 + 1e-9);
    }
    expect(ticked).toBeLessThan(360 / 4);
    const later = end + 7 * 24 * 3600_000;
    const ta = forecast.tick!(a, ctxOf(undefined, later), o).signals[0]!;
    const tb = forecast.tick!(b, ctxOf(undefined, later), exact).signals[0]!;
    expect(ta).toEqual(tb);
  });
});
