import { describe, expect, it } from 'vitest';
import {
  OnlineCalibration,
  advance,
  calibrationId,
  newCalibrator,
  observe,
  record,
} from '../../../../detectors/cascade/forecast-online.js';
import { restoreCalibrator, saveCalibrator } from '../../../../detectors/cascade/forecast-online-save.js';
import { HOUR, MIN, T0, coverage, narrow, point, stream } from './online-streams.js';

describe('provisional outcomes (online.provisionalSeconds)', () => {
  it('a platform whose growth changes while a day of outcomes is pending: provisional ones follow it sooner', () => {
    // one cascade every 10 min, growing in hours 1–3 then silent; an outcome is known after a day of silence
    // (~150 forecasts later); 400 cascades growing about 1.35× after 1 h, then 500 growing about 2.7×
    const events = [...stream(400, 10 * MIN, 0.3, 0.3, 1), ...stream(500, 10 * MIN, 1, 0.4, 2, 400)].sort(
      (a, b) => a.time - b.time,
    );
    const cover = (online: Record<string, unknown>, from: number, to: number): number =>
      coverage(events, { interval: narrow, online: { settleSeconds: 86_400, ...online } }, from, to);
    // off, and as shipped (after 2 h quiet and three quarters of its age: ~12 h after the last post here)
    const [off, shipped] = [{ provisionalSeconds: 0 }, {}];
    const after = [cover(off, 400, 600), cover(shipped, 400, 600)];
    const settled = [cover(off, 700, 900), cover(shipped, 700, 900)];
    // measured: the 200 cascades after the change 41.0% waiting for outcomes, 73.0% provisional; the last 200
    // 70.0% and 76.5%; the 200 before it 83.0% and 83.5%
    expect(after[0]).toBeLessThan(0.5);
    expect(after[1]).toBeGreaterThan(0.65);
    expect(settled[0]).toBeLessThan(0.75);
    expect(settled[1]).toBeGreaterThan(0.75);
    expect(settled[1]).toBeLessThan(0.85);
    expect(cover(shipped, 200, 400)).toBeGreaterThan(0.75);
  });

  const o = OnlineCalibration.parse({ provisionalSeconds: 2 * 3600, provisionalShare: 0, minPoints: 1000 });
  /** One incident of 9 posts at T0 and a 1 h point, then `posts` (time, size): the calibrator after `until`. */
  const run = (opts: OnlineCalibration, posts: [number, number][], until: number, steps: number[]) => {
    const c = newCalibrator();
    const id = calibrationId(c);
    record(c, id, 'p', 9, T0, point(T0 + HOUR), opts);
    const times = [...new Set([...steps, ...posts.map(([t]) => t)])].sort((a, b) => a - b).filter((t) => t <= until);
    for (const t of times) {
      for (const [pt, n] of posts) if (pt === t) observe(c, id, n, pt, opts);
      advance(c, t, opts);
    }
    return { c, id };
  };
  const hours = (...h: number[]): number[] => h.map((x) => T0 + x * HOUR);

  it('learns a quiet point provisionally (censored at the size seen); a correct one costs its levels nothing', () => {
    const { c, id } = run(o, [], T0 + 3 * HOUR, hours(1, 2, 3));
    const x = c.pending.get(id)!.points[0]!;
    expect(x.prov).toEqual({ size: 9, stamp: 0, lo: 0, all: 0 });
    const ring = c.rings.get('p')!.get(3600)!;
    expect(ring.scores).toEqual([[-0.1 - Math.log(9.5 / 10), Math.log(8.5 / 10) - 0.1, 1]]);
    // a day of silence: the outcome (9) replaces the provisional score, the levels as the same outcome learnt once
    const end = run(o, [], T0 + 26 * HOUR, hours(1, 2, 3, 26)).c;
    const plain = run({ ...o, provisionalSeconds: 0 }, [], T0 + 26 * HOUR, hours(1, 2, 3, 26)).c;
    const [a, b] = [end, plain].map((k) => k.rings.get('p')!.get(3600)!);
    expect(end.pending.size).toBe(0);
    expect(a!.scores).toEqual(b!.scores);
    a!.all.alphas.forEach((v, i) => expect(v).toBeCloseTo(b!.all.alphas[i]!, 12));
    a!.lo.alphas.forEach((v, i) => expect(v).toBeCloseTo(b!.lo.alphas[i]!, 12));
    a!.all.weights.forEach((v, i) => expect(v).toBeCloseTo(b!.all.weights[i]!, 12));
  });

  it('a post after it: the point learnt again at the new size once quiet again, its steps corrected; snapshots', () => {
    // 9 posts, quiet until 5 h (provisional at 2 h), then 15 posts (> 12: a miss), quiet again: learnt at 15 at 7 h
    const steps = hours(1, 2, 3, 4, 5, 6, 7, 8);
    const { c, id } = run(o, [[T0 + 5 * HOUR, 15]], T0 + 8 * HOUR, steps);
    const x = c.pending.get(id)!.points[0]!;
    const all = (1 << o.gammas.length) - 1;
    expect(x.prov).toEqual({ size: 15, stamp: 0, lo: 0, all });
    const ring = c.rings.get('p')!.get(3600)!;
    expect(ring.scores).toHaveLength(1);
    expect(ring.scores[0]![1]).toBeCloseTo(Math.log(14.5 / 10) - 0.1, 12);
    // the same as a miss of 15 learnt once (the plain calibrator at its outcome, a day later)
    const plain = run({ ...o, provisionalSeconds: 0 }, [[T0 + 5 * HOUR, 15]], T0 + 30 * HOUR, [
      ...steps,
      T0 + 30 * HOUR,
    ]);
    const p = plain.c.rings.get('p')!.get(3600)!;
    ring.all.alphas.forEach((v, i) => expect(v).toBeCloseTo(p.all.alphas[i]!, 12));
    // saved and restored with the provisional point pending: it goes on alike
    const back = restoreCalibrator(JSON.parse(JSON.stringify(saveCalibrator(c))));
    expect(back).toEqual({ ...c, nextDue: -Infinity });
    for (const k of [c, back]) advance(k, T0 + 30 * HOUR, o);
    expect(saveCalibrator(back)).toEqual(saveCalibrator(c));
    expect(c.rings.get('p')!.get(3600)!.scores).toHaveLength(1);
    // a snapshot of detector 1.7.0 (points of 12 fields, rings without `pushed`) restores: nothing provisional
    const k = plain.c;
    record(k, calibrationId(k), 'p', 9, T0 + 31 * HOUR, point(T0 + 32 * HOUR), o);
    const saved = JSON.parse(JSON.stringify(saveCalibrator(k))) as {
      pending: [number, string, number, number, unknown[][]][];
      rings: [string, Record<string, unknown>[]][];
    };
    for (const q of saved.pending) q[4] = q[4].map((y) => y.slice(0, 12));
    for (const [, knots] of saved.rings) for (const r of knots) delete r.pushed;
    const old = restoreCalibrator(saved);
    expect(old.rings.get('p')!.get(3600)!.pushed).toBe(1);
    const y = [...old.pending.values()][0]!.points[0]!;
    expect(y.prov).toBeUndefined();
    advance(old, T0 + 34 * HOUR, o);
    expect(y.prov?.stamp).toBe(1);
    expect(old.rings.get('p')!.get(3600)!.scores).toHaveLength(2);
  });

  it('with provisionalShare, waits until the silence is also that share of its incident’s age', () => {
    // started at T0 (its 1 h point); quiet 2 h at 2 h (≥ 3/4 of 2 h): learnt at 9; posts to 15 at 4 h, then quiet:
    // 2 h would be 6 h, three quarters of its age not before 16 h (16 − 4 = 12 = 0.75 × 16)
    const share = { ...o, provisionalShare: 0.75 };
    const steps = Array.from({ length: 17 }, (_, h) => T0 + h * HOUR);
    const at = (until: number) => run(share, [[T0 + 4 * HOUR, 15]], until, steps);
    const size = (until: number) => {
      const { c, id } = at(until);
      return c.pending.get(id)!.points[0]!.prov?.size;
    };
    expect(size(T0 + 2 * HOUR)).toBe(9);
    expect(size(T0 + 15 * HOUR)).toBe(9);
    expect(size(T0 + 16 * HOUR)).toBe(15);
  });
});
