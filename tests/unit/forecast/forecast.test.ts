import { describe, expect, it } from 'vitest';
import { forecast } from '../../../detectors/cascade/forecast.js';
import { forecastCascade, groupByRoot, parseHorizon } from '../../../src/forecast/index.js';
import { ctxOf, ev, run } from '../detectors/cascade/fixtures.js';

const T0 = Date.UTC(2026, 0, 5, 8, 0, 0);
const interval = {
  sizes: [20],
  knots: [
    { ageSeconds: 600, low: [-0.3, -0.2], high: [1.5, 0.9] },
    { ageSeconds: 86_400, low: [-0.05, -0.02], high: [0.2, 0.1] },
  ],
};

/** A cascade under one root: the root post, then reposts at the given minutes, every third one of a repost. */
function cascade(root: string, minutes: readonly number[], platform = 'weibo'): ReturnType<typeof ev>[] {
  const posts = [ev({ postId: root, platform, kind: 'post', time: T0 })];
  minutes.forEach((m, i) => {
    const parent = i % 3 === 2 ? posts[posts.length - 1]!.postId : root;
    posts.push(ev({ postId: `${root}_${i}`, platform, parentId: parent, time: T0 + m * 60_000 }));
  });
  return posts;
}

describe('doxguard forecast', () => {
  it('groups posts by root: rootId when given, else up the parentId chain, a parent never seen as the root', () => {
    const a = cascade('A', [1, 2, 3, 4]);
    const b = [
      ev({ postId: 'B_1', parentId: 'B', rootId: null, time: T0 + 5 }),
      ev({ postId: 'B_2', parentId: 'B_1', time: T0 + 6 }),
      ev({ postId: 'C_1', parentId: 'x', rootId: 'C', time: T0 + 7 }),
      ev({ postId: 'A', platform: 'douyin', kind: 'post', time: T0 - 1 }),
    ];
    const groups = groupByRoot([...a, ...b]);
    expect(groups.map((g) => [g.platform, g.rootId, g.events.length])).toEqual([
      ['douyin', 'A', 1],
      ['weibo', 'A', 5],
      ['weibo', 'B', 2],
      ['weibo', 'C', 1],
    ]);
  });

  it('reads horizons in s, m, h, d and keeps the label as given', () => {
    expect(parseHorizon('1h')).toEqual({ label: '1h', seconds: 3600 });
    expect(parseHorizon('90s')?.seconds).toBe(90);
    expect(parseHorizon('1.5h')?.seconds).toBe(5400);
    expect(parseHorizon('2d')?.seconds).toBe(172_800);
    expect(parseHorizon('1 hour')).toBeNull();
    expect(parseHorizon('0h')).toBeNull();
  });

  it('prints one line per horizon in the order given, counting only the posts up to that age', () => {
    const o = forecast.options.parse({ interval });
    const events = cascade('R', [2, 5, 9, 14, 30, 50, 70, 200, 500]);
    const lines = forecastCascade(
      groupByRoot(events)[0]!,
      [6, 1, 0.25].map((h) => ({ label: `${h}h`, seconds: h * 3600 })),
      o,
    );
    expect(lines.map((l) => [l.rootId, l.horizon, l.observed])).toEqual([
      ['R', '6h', 9],
      ['R', '1h', 7],
      ['R', '0.25h', 5],
    ]);
    for (const l of lines) {
      expect(l.forecast).toBeGreaterThanOrEqual(l.observed);
      expect(l.low).toBeGreaterThanOrEqual(l.observed);
      expect(l.low).toBeLessThanOrEqual(l.forecast);
      expect(l.high).toBeGreaterThanOrEqual(l.forecast);
    }
    // the small, young cascade gets the wider interval (relative to its forecast)
    const rel = (l: (typeof lines)[number]): number => l.high / l.forecast;
    expect(rel(lines[2]!)).toBeGreaterThan(rel(lines[0]!));
  });

  it.each([
    ['the shipped options', {}],
    ['a fitted interval and follower weighting', { interval, followerExponent: 0.5 }],
  ])('agrees with the live detector judging the same posts at the same moment (%s)', (_name, raw) => {
    const o = forecast.options.parse(raw);
    const events = cascade('S', [1, 1, 2, 3, 5, 8, 13, 21, 34, 40]).map((e, i) => ({
      ...e,
      authorFollowers: i % 4 === 0 ? null : 50 * (i + 1),
    }));
    for (const hours of [1, 6]) {
      const until = T0 + hours * 3600_000;
      const seen = events.filter((e) => e.time <= until);
      const live = run(forecast, seen, undefined, raw);
      // the watermark reaches the horizon: the detector judges anew (the age grew by far more than 1/refreshAge)
      const judged = forecast.tick!(live.state, ctxOf(undefined, until), live.options).signals[0]!.forecast!;
      const [line] = forecastCascade(groupByRoot(events)[0]!, [{ label: `${hours}h`, seconds: hours * 3600 }], o);
      expect(judged.observedAt).toBe(until);
      expect({ observed: line!.observed, forecast: line!.forecast, low: line!.low, high: line!.high }).toEqual({
        observed: seen.length,
        forecast: judged.finalSize,
        low: judged.low,
        high: judged.high,
      });
    }
  });
});

describe("a platform's own calibration (options.platforms)", () => {
  const own = {
    correction: [{ ageSeconds: 600, intercept: 1, slope: 0 }],
    interval: { sizes: [], knots: [{ ageSeconds: 600, low: [-0.1], high: [0.1] }] },
  };
  const raw = { interval, platforms: { weibo: own } };
  const minutes = [1, 2, 4, 6, 9, 12, 20, 33, 41];

  it("forecasts a listed platform's cascades with its own correction and interval, others with the pooled", () => {
    const o = forecast.options.parse(raw);
    const h = [{ label: '1h', seconds: 3600 }];
    const [weibo] = forecastCascade(groupByRoot(cascade('W', minutes, 'weibo'))[0]!, h, o);
    const [x] = forecastCascade(groupByRoot(cascade('X', minutes, 'x'))[0]!, h, o);
    const [pooled] = forecastCascade(
      groupByRoot(cascade('X', minutes, 'x'))[0]!,
      h,
      forecast.options.parse({ interval }),
    );
    // ln(final / posts) = 1 at every age: 10 posts → 27.18 → 27, the interval ±0.1 around it
    expect(weibo).toMatchObject({ observed: 10, forecast: 27, low: 24, high: 30 });
    expect(x).toEqual(pooled);
    expect(x!.forecast).not.toBe(27);
  });

  it('the live detector uses the platform of the first post, as `doxguard forecast` does', () => {
    const o = forecast.options.parse(raw);
    for (const platform of ['weibo', 'x']) {
      const events = cascade('P', minutes, platform);
      const live = run(forecast, events, undefined, raw);
      const until = T0 + 3600_000;
      const judged = forecast.tick!(live.state, ctxOf(undefined, until), live.options).signals[0]!.forecast!;
      const [line] = forecastCascade(groupByRoot(events)[0]!, [{ label: '1h', seconds: 3600 }], o);
      expect([line!.forecast, line!.low, line!.high]).toEqual([judged.finalSize, judged.low, judged.high]);
      // a snapshot keeps the platform: a restored state is judged alike
      const back = forecast.restore!(forecast.save!(live.state), live.options);
      expect(back.platform).toBe(platform);
    }
  });

  it('rejects an unknown key in a platform block (a typo would silently fall back to the pooled fit)', () => {
    expect(() => forecast.options.parse({ platforms: { weibo: { corection: [] } } })).toThrow();
  });
});
