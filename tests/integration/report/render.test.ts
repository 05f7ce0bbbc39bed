import { describe, expect, it } from 'vitest';
import type { ReportPost } from '../../../src/report/index.js';
import { renderTimeline } from '../../../src/report/render-timeline.js';
import { platformColours } from '../../../src/report/svg-util.js';

const T0 = Date.UTC(2026, 0, 5, 8, 0, 0);
const post = (platform: string, minute: number, n: number): ReportPost => ({
  key: `${platform}:${minute}-${n}`,
  platform,
  postId: `${minute}-${n}`,
  authorId: `a${n}`,
  time: T0 + minute * 60_000 + n * 1000,
  eventId: `e${minute}-${n}`,
});

describe('renderTimeline', () => {
  it('bins reposts per minute per platform on a shared scale', () => {
    const posts = [post('weibo', 0, 1), post('weibo', 0, 2), post('weibo', 0, 3), post('weibo', 2, 1), post('x', 1, 1)];
    const svg = renderTimeline('t', posts, [], [], platformColours(['weibo', 'x']));
    expect(svg).toContain('>3/min<');
    const series = [...svg.matchAll(/data-platform="([^"]+)"[^>]*points="([^"]+)"/g)].map((m) => ({
      platform: m[1]!,
      ys: m[2]!.split(' ').map((p) => Number(p.split(',')[1])),
    }));
    expect(series.map((s) => s.platform)).toEqual(['weibo', 'x']);
    const [weibo, x] = series;
    expect(weibo!.ys).toHaveLength(3); // minutes 0, 1, 2
    const base = weibo!.ys[1]!; // zero posts at minute 1
    const unit = (base - weibo!.ys[0]!) / 3;
    expect(unit).toBeGreaterThan(0);
    expect(base - weibo!.ys[2]!).toBeCloseTo(unit, 0);
    expect(x!.ys).toEqual([base, base - unit, base].map((v) => expect.closeTo(v, 0) as unknown as number));
  });

  it('marks every alert and command at its event time', () => {
    const svg = renderTimeline(
      't',
      [post('weibo', 0, 1), post('weibo', 10, 1)],
      [{ eventTime: new Date(T0 + 5 * 60_000).toISOString(), level: 'warning', previousLevel: 'watch' } as never],
      [{ eventTime: new Date(T0 + 6 * 60_000).toISOString(), action: 'throttle', rule: 'r' } as never],
      platformColours(['weibo']),
    );
    expect(svg.match(/class="marker-alert"/g)).toHaveLength(1);
    expect(svg.match(/class="marker-command"/g)).toHaveLength(1);
    const alertX = Number(svg.match(/class="marker-alert" x1="([\d.]+)"/)![1]);
    const first = Number(svg.match(/points="([\d.]+),/)![1]);
    const last = Number(svg.match(/points="[^"]* ([\d.]+),[\d.]+"/)![1]);
    expect(alertX).toBeCloseTo(first + (last - first) / 2, 0);
  });
});
