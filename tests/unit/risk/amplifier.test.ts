import { describe, expect, it } from 'vitest';
import type { Signal } from '../../../src/contract/index.js';
import { sig } from './signals.js';
import { assessRisk, levelFor } from '../../../src/risk/index.js';

/** Spread amplifies harm already at warning (risk.amplifier); below warning it adds nothing. */
const weights = { sensitivity: 0.6, spread: 0, mobilisation: 0.4, malice: 0, publicInterest: 0 };
const levels = { watch: 0.25, warning: 0.55, critical: 0.75 };
const options = {
  harmFloor: 0.2,
  spreadOnlyCap: 0.4,
  spreadWatch: 0.7,
  levels,
  amplifier: { sensitivity: 0.3, mobilisation: 0.1 },
  gates: { enabled: true, noTargetCap: 0.4, noDossierCap: 0.65 },
};
const assess = (o: typeof options, ...signals: Signal[]) =>
  assessRisk(new Map(signals.map((s, i) => [`d${i}`, [s]])), weights, o);
const spread = (x: number): Signal => sig('spread', x, 'CASCADE_VELOCITY');
const dossier = (score: number, identifying: number): Signal =>
  sig('sensitivity', score, 'PII_DISCLOSED', { identifying });

describe('risk amplifier: spread amplifies harm, never stands in for it', () => {
  it('a quiet dossier at warning reaches critical once it spreads, and the alert says by how much and why', () => {
    const still = assess(options, dossier(1, 2));
    expect(still.score).toBe(0.6);
    expect(levelFor(still.score, null, levels, 0.05)).toBe('warning');
    const spreading = assess(options, dossier(1, 2), spread(0.9));
    // 0.6 + 0.3 × 1 × 0.9 (weights sum to 1)
    expect(spreading.score).toBe(0.87);
    expect(levelFor(spreading.score, null, levels, 0.05)).toBe('critical');
    const why = spreading.reasons.find((r) => r.code === 'RISK_SPREAD_AMPLIFIED')!;
    expect(why).toMatchObject({ detector: 'risk', dimension: 'spread', score: 0.27 });
    expect(why.message).toBe(
      'spread amplifies harm already at warning: +0.27 (0.3 × sensitivity 1 × spread 0.9), score 0.6 → 0.87',
    );
    expect(still.reasons.some((r) => r.code === 'RISK_SPREAD_AMPLIFIED')).toBe(false);
  });

  it('never creates a warning: below warning any spread adds nothing (a fast cascade is watched at most)', () => {
    for (const x of [0, 0.5, 1]) {
      const a = assess(options, dossier(0.85, 1), spread(x));
      expect(a.score).toBe(0.51);
      expect(a.reasons.some((r) => r.code === 'RISK_SPREAD_AMPLIFIED')).toBe(false);
    }
    expect(assess(options, spread(1)).score).toBe(0.25);
  });

  it('the gates stay on top: one identifying category without mobilisation is no dossier, however fast', () => {
    const a = assess(options, dossier(1, 1), spread(1));
    expect(a.score).toBe(0.65);
    expect(a.reasons.map((r) => r.code).slice(-2)).toEqual(['RISK_SPREAD_AMPLIFIED', 'RISK_GATE_NO_DOSSIER']);
    // and without anybody identified nothing warns
    expect(assess(options, dossier(1, 0), spread(1)).score).toBe(0.4);
  });

  it('mobilisation is amplified by its own weight; no amplifier configured: spread adds nothing', () => {
    const call = sig('mobilisation', 1, 'LANG_MOBILISATION', { call: true });
    expect(assess(options, dossier(0.8, 1), call, spread(1)).score).toBe(1);
    expect(assess(options, dossier(0.8, 1), call).score).toBe(0.88);
    const { amplifier: _, ...off } = options;
    expect(assess(off as typeof options, dossier(1, 2), spread(1)).score).toBe(0.6);
  });
});
