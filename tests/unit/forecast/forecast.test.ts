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
