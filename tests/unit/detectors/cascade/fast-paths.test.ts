import { describe, expect, it } from 'vitest';
import { velocity } from '../../../../detectors/cascade/velocity.js';
import { structure } from '../../../../detectors/cascade/structure.js';
import { forecastFinalSize } from '../../../../detectors/cascade/forecast-correction.js';
import { forecast as forecastDetector } from '../../../../detectors/cascade/forecast.js';
import {
  addPostInPlace,
  bucketList,
  emptySeismic,
  forecast,
  kernelCdfIntegral,
  type ForecastParams,
  type SeismicState,
} from '../../../../detectors/cascade/seismic-model.js';
import { FITTED_INTERVAL, forecastBounds, shiftedBounds } from '../../../../detectors/cascade/forecast-interval.js';
import { adapted, newCalibrator } from '../../../../detectors/cascade/forecast-online.js';
import { newRing } from '../../../../detectors/cascade/forecast-online-ring.js';
import { ctxOf, ev, graphOf } from './fixtures.js';

/**
 * The cheaper paths of the cascade detectors (cached signals, the forecast
 * loop without per-call objects) give exactly what the plain computation
 * gives: outputs are compared byte for byte downstream.
 */

/** The forecast loop as it was before kernelCdfIntegral was inlined: the reference, bit for bit. */
function referenceForecast(state: SeismicState, now: number, p: ForecastParams): number[] {
  const { s0, theta } = p;
  const c = 1 / (s0 * (1 + 1 / theta));
  const plateau = c * s0;
  const tail = plateau / theta;
  const buckets = bucketList(state.buckets);
  const start = state.start ?? buckets[0]?.[0] ?? now;
  const w = p.window;
  const width = w ? Math.min(w.maxSeconds, Math.max(w.minSeconds, w.share * (now - start))) : 0;
  let exposed = 0;
  let remaining = 0;
  let windowExposed = 0;
  let windowReshares = 0;
  for (let i = 0; i < buckets.length; i++) {
    const b = buckets[i]!;
    const s = now - b[0];
    if (s < 0) continue;
    const f = s === 0 ? 0 : s <= s0 ? c * s : plateau + tail * (1 - Math.pow(s / s0, -theta));
    exposed += b[1] * f;
    remaining += b[1] * (1 - f);
    if (width > 0) {
      const integral = kernelCdfIntegral(s, p) - kernelCdfIntegral(Math.max(0, s - width), p);
      windowExposed += b[1] * (f - integral / width);
      if (s < width) windowReshares += (b[2] - (i === 0 ? 1 : 0)) * (1 - s / width);
    }
  }
  return [exposed, remaining, windowExposed, windowReshares];
}

/** A deterministic pseudo-random sequence (LCG), for varied inputs. */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

describe('seismic forecast without per-call objects', () => {
  const rnd = lcg(7);
  const states: SeismicState[] = [];
  for (let n = 0; n < 40; n++) {
    const s = emptySeismic();
    let t = 1_000_000 + rnd() * 1000;
    for (let i = 0; i < 5 + n * 7; i++) {
      t += rnd() < 0.1 ? -rnd() * 200 : rnd() * rnd() * 3000;
      addPostInPlace(s, t, Math.floor(rnd() * 5000), 64);
    }
    states.push(s);
  }
  const windows = [
    undefined,
    { share: 0.5, minSeconds: 300, maxSeconds: 7200 },
    // share 0 with a window: the width is the minimum, not 0
    { share: 0, minSeconds: 300, maxSeconds: 7200 },
    { share: 0.9, minSeconds: 10, maxSeconds: 100_000 },
  ];

  it('matches the reference loop bit for bit, with and without a window', () => {
    // windows without a reshare (the forecast skips their integrals: the infectiousness is 0 whatever they are)
    let quiet = 0;
    for (const s of states)
      for (const window of windows)
        for (const theta of [0.242, 0.6])
          for (const later of [0, 1, 250, 5000, 86_400]) {
            const now = s.buckets[s.buckets.length - 3]! + later;
            const p: ForecastParams = { s0: 300, theta, alpha: 1, k: 0.5, maxRatio: 50, ...(window ? { window } : {}) };
            const [exposed, remaining, windowExposed, windowReshares] = referenceForecast(s, now, p);
            const f = forecast(s, now, p);
            expect(f.remainingExposure).toBe(remaining);
            if (window && windowReshares === 0) quiet++;
            const observed = Math.max(0, s.posts - 1);
            const width = window ? 1 : 0;
            const infectiousness =
              width > 0
                ? windowExposed! > 0
                  ? windowReshares! / windowExposed!
                  : 0
                : exposed! > 0
                  ? observed / exposed!
                  : 0;
            expect(f.infectiousness).toBe(infectiousness);
          }
    expect(quiet).toBeGreaterThan(50);
  });

  it('forecastFinalSize windows only with a positive share, as before', () => {
    const s = states[10]!;
    const now = s.buckets[s.buckets.length - 3]! + 600;
    const settings = forecastDetector.options.parse({});
    const base = { s0: settings.s0Seconds, theta: settings.theta, alpha: settings.alpha, k: settings.k };
    const windowed = forecastFinalSize(s, now, settings).raw;
    expect(windowed).toEqual(
      forecast(s, now, {
        ...base,
        maxRatio: settings.maxRatio,
        window: { share: 0.5, minSeconds: settings.minWindowSeconds, maxSeconds: settings.maxWindowSeconds },
      }),
    );
    const plain = forecastFinalSize(s, now, { ...settings, windowShare: 0 }).raw;
    expect(plain).toEqual(forecast(s, now, { ...base, maxRatio: settings.maxRatio }));
  });
});

describe('the forecast bounds with the online shifts read in place', () => {
  it('equal forecastBounds on the adapted interval exactly', () => {
    const o = forecastDetector.options.parse({}).online;
    const cal = newCalibrator();
    const byKnot = new Map<number, ReturnType<typeof newRing>>();
    cal.rings.set('weibo', byKnot);
    const rnd = lcg(11);
    // some knots shifted (either class), some not, one with a ring but no shift yet
    FITTED_INTERVAL.knots.forEach((k, i) => {
      if (i % 3 === 2) return;
      const r = newRing(o);
      if (i % 3 === 0) r.shift = [rnd() - 0.5, rnd()];
      byKnot.set(k.ageSeconds, r);
      const q = newRing(o);
      q.shift = [rnd(), rnd() - 0.5];
      byKnot.set(-k.ageSeconds, q);
    });
    for (const quiet of [false, true])
      for (let n = 0; n < 400; n++) {
        const age = Math.exp(rnd() * 14);
        const posts = 1 + Math.floor(rnd() * 3000);
        const size = posts + Math.floor(rnd() * rnd() * 20_000);
        const want = forecastBounds(size, posts, age, adapted(cal, 'weibo', FITTED_INTERVAL, quiet));
        expect(shiftedBounds(size, posts, age, FITTED_INTERVAL, byKnot, quiet)).toEqual(want);
        expect(shiftedBounds(size, posts, age, FITTED_INTERVAL, undefined, quiet)).toEqual(
          forecastBounds(size, posts, age, FITTED_INTERVAL),
        );
      }
  });
});

describe('cascade/velocity reuses its signal only while it would be rebuilt the same', () => {
  it('gives, after every step and tick, what a freshly restored state judges', () => {
    const o = velocity.options.parse({});
    const rnd = lcg(3);
    let state = velocity.init(o);
    let t = 0;
    for (let i = 0; i < 400; i++) {
      t += Math.floor(rnd() * rnd() * 40_000);
      const e = ev({ time: t - (rnd() < 0.1 ? 20_000 : 0) });
      const live = velocity.step(state, e, ctxOf(), o);
      state = live.state;
      const fresh = velocity.restore(JSON.parse(JSON.stringify(velocity.save(state))), o);
      // the fresh state has no cached signal: tick both at the same watermark
      const wm = t + Math.floor(rnd() * 200_000);
      const a = velocity.tick!(state, ctxOf(undefined, wm), o).signals;
      const b = velocity.tick!(fresh, ctxOf(undefined, wm), o).signals;
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    }
  });

  it('returns the very same signal while counts and evidence hold (no rebuild)', () => {
    const o = velocity.options.parse({});
    let state = velocity.init(o);
    for (let i = 0; i < 10; i++) state = velocity.step(state, ev({ time: i * 1000 }), ctxOf(), o).state;
    const a = velocity.tick!(state, ctxOf(undefined, 20_000), o).signals;
    const b = velocity.tick!(state, ctxOf(undefined, 21_000), o).signals;
    expect(a.length).toBe(1);
    expect(b).toBe(a);
  });
});

describe('cascade/structure pair sum from the prefix tree', () => {
  it.each([4, 16, 128])(
    'equals the sum recomputed pair by pair (sample %i), also when parents change',
    (sampleSize) => {
      const o = structure.options.parse({ sampleSize, maxDepth: 6 });
      const rnd = lcg(sampleSize);
      // a mutable parent table: posts are re-parented now and then, so chains of one node may differ
      const parents: Record<string, string | null> = {};
      const ctx = ctxOf(graphOf(parents));
      let state = structure.init(o);
      for (let i = 0; i < 600; i++) {
        const key = `n${i}`;
        parents[key] = i === 0 || rnd() < 0.05 ? null : `n${Math.floor(rnd() * i)}`;
        if (i > 10 && rnd() < 0.1) parents[`n${Math.floor(rnd() * i)}`] = `n${Math.floor(rnd() * i)}`;
        // some posts seen twice
        const k = rnd() < 0.1 && i > 0 ? `n${Math.floor(rnd() * i)}` : key;
        state = structure.step(state, ev({ postId: k, nodeKey: k, eventId: `e${i}` }), ctx, o).state;
        // restore rebuilds the sample's pair sum from scratch (every pair)
        expect(state.pairSum).toBe(structure.restore(JSON.parse(JSON.stringify(structure.save(state))), o).pairSum);
      }
    },
  );
});
