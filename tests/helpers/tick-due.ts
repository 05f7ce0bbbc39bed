import type { Detector, EnrichedEvent, Signal } from '../../src/contract/index.js';
import { enriched, flatContext, T0 } from './events.js';

/**
 * The promise of TickResult.dueAt, checked the way the runner relies on it. A seeded walk of bursts, quiet
 * spells and watermarks (ticks between events, as the pipeline's are) is run twice: A ticks at every
 * watermark, B only when its last tick's `dueAt` is reached (no step since) and runs the shared state's
 * `tick` instead. Returns the first broken promise, or null: A's tick before the due time handing back
 * another list or changing its saved state, or B's list, state or shared state differing from A's.
 */
export function brokenTickPromise(d: Detector, options: unknown, seed: number): string | null {
  const rand = lcg(seed);
  const a = twin(d, options);
  const b = twin(d, options);
  let time = T0;
  let wm = T0 - 60_000;
  let n = 0;
  for (let burst = 0; burst < 6; burst++) {
    const posts = 1 + Math.floor(rand() * 40);
    const gap = 500 + Math.floor(rand() * 20_000);
    for (let p = 0; p < posts; p++) {
      time += Math.floor(rand() * 2 * gap);
      const e = event(n++, time, rand);
      a.step(e, n, wm);
      b.step(e, n, wm);
      // the watermark trails the latest event by up to a minute; ticks come between events
      const trail = time - Math.floor(rand() * 60_000);
      for (let at = wm + 1 + Math.floor(rand() * 30_000); at <= trail; at += 1 + Math.floor(rand() * 30_000)) {
        const broken = tickBoth(d, options, a, b, n, (wm = at));
        if (broken) return broken;
      }
    }
    // a quiet spell of up to three hours, ticked about once a minute (sometimes far less often)
    const quietUntil = time + Math.floor(rand() * 3 * 3_600_000);
    while (wm < quietUntil) {
      wm += 1 + Math.floor(rand() * (rand() < 0.1 ? 1_800_000 : 90_000));
      const broken = tickBoth(d, options, a, b, n, wm);
      if (broken) return broken;
    }
    time = Math.max(time, wm);
  }
  return null;
}

interface Twin {
  state: unknown;
  readonly shared: unknown;
  signals: readonly Signal[];
  /** the last tick's dueAt while no step came since */
  dueAt: number;
  step(e: EnrichedEvent, size: number, wm: number): void;
}

function twin(d: Detector, options: unknown): Twin {
  const t: Twin = {
    state: d.init(options),
    shared: d.shared?.init(options),
    signals: [],
    dueAt: -Infinity,
    step(e, size, wm) {
      const r = d.step(t.state, e, { ...flatContext(size, e.time), watermark: wm }, options, t.shared);
      t.state = r.state;
      t.signals = r.signals;
      t.dueAt = -Infinity;
    },
  };
  return t;
}

function tickBoth(d: Detector, options: unknown, a: Twin, b: Twin, size: number, wm: number): string | null {
  const ctx = flatContext(size, wm);
  const before = JSON.stringify(d.save(a.state));
  const promised = wm < a.dueAt;
  const ra = d.tick!(a.state, ctx, options, a.shared);
  if (promised && ra.signals !== a.signals)
    return `${d.name}: tick at ${wm - T0} ms before its due ${a.dueAt - T0} ms changed the signals`;
  if (promised && JSON.stringify(d.save(ra.state)) !== before)
    return `${d.name}: tick at ${wm - T0} ms before its due ${a.dueAt - T0} ms changed the state`;
  a.state = ra.state;
  a.signals = ra.signals;
  a.dueAt = ra.dueAt ?? -Infinity;
  if (wm < b.dueAt) d.shared?.tick?.(b.shared, wm, options);
  else {
    const rb = d.tick!(b.state, ctx, options, b.shared);
    b.state = rb.state;
    b.signals = rb.signals;
    b.dueAt = rb.dueAt ?? -Infinity;
  }
  if (JSON.stringify(b.signals) !== JSON.stringify(a.signals)) return `${d.name}: skipped ticks changed the signals`;
  if (JSON.stringify(d.save(b.state)) !== JSON.stringify(d.save(a.state)))
    return `${d.name}: skipped ticks changed the state`;
  if (d.shared && JSON.stringify(d.shared.save(b.shared)) !== JSON.stringify(d.shared.save(a.shared)))
    return `${d.name}: skipped ticks changed the shared state`;
  return null;
}

function event(i: number, time: number, rand: () => number): EnrichedEvent {
  return enriched({
    eventId: `e${i}`,
    postId: `p${i}`,
    parentId: i === 0 ? null : 'root',
    time,
    authorFollowers: Math.floor(rand() * 50_000),
    platform: rand() < 0.2 ? 'douyin' : 'weibo',
  });
}

/** A small seeded generator (the walk must be the same on every run). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
