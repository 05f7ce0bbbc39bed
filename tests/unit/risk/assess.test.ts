import { describe, expect, it } from 'vitest';
import type { Signal } from '../../../src/contract/index.js';
import { assessRisk, levelFor } from '../../../src/risk/index.js';

const weights = { sensitivity: 0.35, spread: 0.35, mobilisation: 0.2, malice: 0.1, publicInterest: 0 };
const gate = { harmFloor: 0.2, spreadOnlyCap: 0.4 };
const sig = (dimension: Signal['dimension'], score: number, evidence: string[] = []): Signal => ({
  dimension,
  score,
  code: `C_${dimension}`,
  message: 'm',
  evidence,
});

describe('risk', () => {
  it('scores each dimension by its strongest signal and keeps every reason with its evidence', () => {
    const a = assessRisk(
      new Map([
        ['cascade/velocity', [sig('spread', 0.6, ['e1'])]],
        ['cascade/forecast', [sig('spread', 0.9, ['e9'])]],
        ['pii/dossier', [sig('sensitivity', 0.8, ['e2', 'fp'])]],
      ]),
      weights,
      gate,
    );
    expect(a.dimensions).toMatchObject({ spread: 0.9, sensitivity: 0.8 });
    expect(a.score).toBeCloseTo((0.35 * 0.9 + 0.35 * 0.8) / 1, 3);
    expect(a.reasons.map((r) => [r.detector, r.evidence])).toEqual([
      ['cascade/forecast', ['e9']],
      ['pii/dossier', ['e2', 'fp']],
      ['cascade/velocity', ['e1']],
    ]);
  });

  it('caps spread without harm below warning: a viral cascade is not a human flesh search', () => {
    const viral = new Map([['cascade/velocity', [sig('spread', 1)]]]);
    expect(assessRisk(viral, { ...weights, spread: 10 }, gate).score).toBe(0.4);
    expect(assessRisk(viral, { ...weights, spread: 10 }).score).toBeGreaterThan(0.9);
    const harmful = new Map([...viral, ['language/mobilisation', [sig('mobilisation', 0.3)]]]);
    expect(assessRisk(harmful, { ...weights, spread: 10 }, gate).score).toBeGreaterThan(0.4);
  });

  it('does not count public interest as harm (weight 0), yet reports it', () => {
    const a = assessRisk(new Map([['language/public-interest', [sig('publicInterest', 0.8)]]]), weights, gate);
    expect(a.score).toBe(0);
    expect(a.dimensions.publicInterest).toBe(0.8);
  });

  it('levels have hysteresis', () => {
    const t = { watch: 0.25, warning: 0.45, critical: 0.7 };
    expect(levelFor(0.46, null, t, 0.05)).toBe('warning');
    expect(levelFor(0.42, 'warning', t, 0.05)).toBe('warning');
    expect(levelFor(0.39, 'warning', t, 0.05)).toBe('watch');
  });

  it('with the fitted weights (spread 0), a fast cascade is watched on spread alone and never warned by it', () => {
    const fitted = { sensitivity: 0.63, spread: 0, mobilisation: 0.37, malice: 0, publicInterest: 0 };
    const watchGate = { ...gate, spreadWatch: 0.7, levels: { watch: 0.25 } };
    const levels = { watch: 0.25, warning: 0.58, critical: 0.78 };
    const fast = new Map([['cascade/velocity', [sig('spread', 0.95)]]]);
    expect(assessRisk(fast, fitted, watchGate).score).toBe(0.25);
    expect(levelFor(assessRisk(fast, fitted, watchGate).score, null, levels, 0.05)).toBe('watch');
    // slower than spreadWatch: nothing
    const slow = new Map([['cascade/velocity', [sig('spread', 0.5)]]]);
    expect(assessRisk(slow, fitted, watchGate).score).toBe(0);
    // spread adds nothing to harm: the same dossier scores the same at any speed
    const dossier = new Map([['pii/dossier', [sig('sensitivity', 0.92)]]]);
    const viralDossier = new Map([...dossier, ['cascade/velocity', [sig('spread', 1)]]]);
    expect(assessRisk(viralDossier, fitted, watchGate).score).toBe(assessRisk(dossier, fitted, watchGate).score);
    expect(assessRisk(dossier, fitted, watchGate).score).toBeCloseTo(0.63 * 0.92, 3);
  });
});
