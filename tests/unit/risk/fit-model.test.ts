import { describe, expect, it } from 'vitest';
import {
  amplifiedScore,
  baseScore,
  chooseLevels,
  fitLogistic,
  type Row,
  type Track,
} from '../../../bench/realistic/fit-model.js';

/** Synthetic tracks: doxxing carries an identifying disclosure; benign cascades spread as fast or faster. */
const row = (time: number, x: Row['x'], identifying = 0, call = false): Row => ({
  time,
  x,
  publicInterest: 0,
  identifying,
  call,
});
function tracks(): Track[] {
  const out: Track[] = [];
  for (let i = 0; i < 40; i++) {
    const s = 0.8 + (i % 5) * 0.04;
    out.push({
      cls: 'doxxing:quiet',
      tenth: 3,
      rows: [row(1, [0, 0.1, 0, 0]), row(2, [s, 0.1, 0, 0], 1), row(5, [s, 0.5, (i % 2) * 0.7, 0], 2)],
    });
  }
  for (let i = 0; i < 400; i++) {
    const viral = (i % 10) / 10;
    // benign chatter: spread of any size, now and then a weak finding or an insult
    out.push({
      cls: i % 2 ? 'real:weibo_checked' : 'laid:zh_cold_offensive',
      tenth: 3,
      rows: [row(1, [0, viral, 0, 0]), row(4, [i % 7 === 0 ? 0.4 : 0, viral, 0, i % 3 === 0 ? 0.6 : 0])],
    });
  }
  return out;
}

describe('bench/realistic fit: a monotone logistic model and its levels', () => {
  it('weighs the harm that separates doxxing, never a negative weight, and is deterministic', () => {
    const m = fitLogistic(tracks(), 1500);
    for (const v of Object.values(m.coefficients)) expect(v).toBeGreaterThanOrEqual(0);
    expect(m.coefficients.sensitivity).toBeGreaterThan(m.coefficients.spread);
    expect(m.weights.sensitivity).toBeGreaterThan(0.5);
    expect(m.samples).toEqual({ positive: 40, negative: 400 });
    expect(fitLogistic(tracks(), 1500)).toEqual(m);
  });

  it('puts warning above every benign unit the gates let warn and critical above every non-doxxing dossier', () => {
    const t = tracks();
    const m = fitLogistic(t, 1500);
    const levels = chooseLevels(t, m, 0.2, 0.25);
    expect(levels.tune.benignWarned).toBeLessThanOrEqual(0.005);
    expect(levels.tune.doxxingWarned).toBe(1);
    expect(levels.tune.otherCritical).toBe(0);
    expect(levels.watch).toBeLessThan(levels.warning);
    expect(levels.critical).toBeGreaterThanOrEqual(levels.warning + 0.1);
    expect(levels.probabilities.warning).toBeGreaterThan(levels.probabilities.watch);
  });

  it('spread enters only as an amplifier of harm, from warning on; without it the amplifier is 0', () => {
    // doxxing that spreads: the fast dossiers are doxxing, fast benign cascades carry at most a weak finding
    const t = tracks().map((x) =>
      x.cls.startsWith('doxxing:') ? { ...x, rows: [...x.rows, row(6, [x.rows[2]!.x[0], 0.9, 0, 0], 2)] } : x,
    );
    const m = fitLogistic(t, 1500);
    expect(m.coefficients.spread).toBe(0);
    expect(m.amplifier.sensitivity).toBeGreaterThan(0);
    expect(fitLogistic(t, 1500)).toEqual(m);
    const flat = fitLogistic(t, 1500, undefined, undefined, false);
    expect(flat.amplifier).toEqual({ sensitivity: 0, mobilisation: 0 });
    const levels = chooseLevels(t, m, 0.2, 0.25);
    expect(levels.tune.otherCritical).toBe(0);
    // below warning spread adds nothing; at warning it adds
    const weak: Row['x'] = [0.2, 1, 0, 0];
    expect(baseScore(m, weak)).toBeLessThan(levels.warning);
    expect(amplifiedScore(m, weak, levels.warning)).toBe(baseScore(m, weak));
    const strong: Row['x'] = [1, 1, 0, 0];
    expect(baseScore(m, strong)).toBeGreaterThanOrEqual(levels.warning);
    expect(amplifiedScore(m, strong, levels.warning)).toBeGreaterThan(baseScore(m, strong));
  });
});
