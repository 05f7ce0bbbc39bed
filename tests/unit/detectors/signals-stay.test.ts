import { describe, expect, it } from 'vitest';
import { DETECTORS } from '../../../detectors/registry.js';
import type { Signal } from '../../../src/contract/index.js';
import { enriched, flatContext, T0 } from '../../helpers/events.js';

/**
 * Signals may be cached on the state and reused while unchanged, and the
 * state moves on in place: whenever it is read, a signal must say what it
 * said when it was made.
 */
const texts = [
  '人肉他！电话13812345678，扩散！大家去他公司闹',
  'find where she lives, call her at +1 415 555 0100, make her pay',
  '转发',
  '市长在新闻发布会上回应 the mayor said in office',
  '本店营业时间10:00-22:00，欢迎来电 13912345678',
];

const SIGNALLING = new Set([
  'cascade/velocity',
  'cascade/forecast',
  'language/mobilisation',
  'language/malice',
  'language/public-interest',
]);

describe.each(DETECTORS.map((d) => [d.name, d] as const))('detector %s', (_name, d) => {
  it('signals read later say what they said when made', () => {
    const o = d.options.parse({});
    let state = d.init(o as never);
    const kept: { signals: readonly Signal[]; then: string }[] = [];
    for (let i = 0; i < 150; i++) {
      const e = enriched({
        eventId: `e${i}`,
        postId: `p${i}`,
        parentId: i === 0 ? null : `p${Math.floor(i / 3)}`,
        kind: i === 0 ? 'post' : 'repost',
        time: T0 + i * 4_000 + (i % 7) * 60_000,
        authorId: `u${i % 23}`,
        authorFollowers: (i * 7919) % 50_000,
        platform: i % 4 === 0 ? 'douyin' : 'weibo',
        text: texts[i % texts.length]!,
        mentions: i % 9 === 0 ? [{ accountId: 'official', publicFigure: true }] : [],
      });
      const r = d.step(state as never, e, flatContext(i + 1, e.time), o as never);
      state = r.state;
      kept.push({ signals: r.signals, then: JSON.stringify(r.signals) });
      if (d.tick && i % 10 === 0) {
        const t = d.tick(state as never, flatContext(i + 1, e.time + 600_000), o as never);
        state = t.state;
        kept.push({ signals: t.signals, then: JSON.stringify(t.signals) });
      }
    }
    for (const k of kept) expect(JSON.stringify(k.signals)).toBe(k.then);
    // these detectors do signal on this traffic: their signals were checked
    if (SIGNALLING.has(d.name)) expect(kept.some((k) => k.signals.length > 0)).toBe(true);
  });
});
