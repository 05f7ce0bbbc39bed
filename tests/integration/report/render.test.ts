import { describe, expect, it } from 'vitest';
import type { ReportPost } from '../../../src/report/index.js';
import { actionsTable, currentReasons } from '../../../src/report/render-actions.js';
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

const at = (minute: number): string => new Date(T0 + minute * 60_000).toISOString();
const reason = (code: string, score: number) => ({
  detector: 'd',
  code,
  dimension: 'spread',
  score,
  message: `${code} why`,
  evidence: [],
});

describe('command lanes', () => {
  it('one labelled lane per action; commands a few pixels apart (follow-ups) share one marker that counts them', () => {
    const cmds = [
      { eventTime: at(1), action: 'throttle', rule: 'r' },
      { eventTime: new Date(T0 + 60_000 + 500).toISOString(), action: 'throttle', rule: 'r' },
      { eventTime: at(1), action: 'popup_warning', rule: 'p' },
      { eventTime: at(9), action: 'throttle', rule: 'r' },
    ] as never[];
    const svg = renderTimeline('t', [post('weibo', 0, 1), post('weibo', 10, 1)], [], cmds, platformColours(['weibo']));
    expect([...svg.matchAll(/class="lane-label[^>]*>([^<]+)</g)].map((m) => m[1])).toEqual(['popup', 'throttle']);
    expect([...svg.matchAll(/class="marker-command" data-count="(\d+)"/g)].map((m) => m[1])).toEqual(['1', '2', '1']);
    expect(svg).toContain('2 × throttle (r)');
  });
});

describe('warnings and commands table', () => {
  const alert = (minute: number, level: string, codes: string[]) =>
    ({
      schema: 'doxguard.alert/1',
      eventTime: at(minute),
      level,
      previousLevel: null,
      shadow: false,
      reasons: codes.map((c) => reason(c, 0.5)),
    }) as never;
  const cmd = (minute: number, id: string, extra: Record<string, unknown> = {}) =>
    ({
      schema: 'doxguard.intervention/1',
      id,
      eventTime: at(minute),
      action: 'throttle',
      rule: 'ladder/critical-throttle',
      targets: [{ platform: 'weibo', postIds: ['a', 'b'] }],
      params: {},
      reasons: [reason('LATEST', 0.9)],
      ...extra,
    }) as never;
  const data = {
    incidentId: 'inc',
    incident: null,
    snapshots: [],
    posts: [],
    edges: [],
    disclosures: [],
    alerts: [alert(1, 'warning', ['FIRST']), alert(2, 'critical', ['SECOND'])],
    commands: [
      cmd(2, 'cmd_a'),
      cmd(3, 'cmd_b', { params: { extends: 'cmd_a' }, targets: [{ platform: 'douyin', postIds: ['c'] }] }),
      cmd(4, 'cmd_c', { params: { extends: 'cmd_a' }, targets: [{ platform: 'douyin', postIds: ['d', 'e'] }] }),
    ],
  };

  it('shows each alert with its own reasons, and folds follow-ups into the command they extend', () => {
    const html = actionsTable(data);
    const rows = html.split('<tr>').slice(2);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('FIRST 0.50');
    expect(rows[0]).not.toContain('SECOND');
    expect(rows[1]).toContain('SECOND 0.50');
    expect(rows[2]).toContain('weibo: 2 posts');
    expect(rows[2]).toContain('+ 2 follow-ups to 08:04:00: douyin: 3 posts');
  });

  it('gives the reasons as of the newest alert or command', () => {
    expect(currentReasons(data)).toMatchObject({ time: at(4), reasons: [{ code: 'LATEST' }] });
  });
});
