import { describe, expect, it } from 'vitest';
import type { Signal } from '../../../src/contract/index.js';
import { sig } from './signals.js';
import { assessRisk } from '../../../src/risk/index.js';

const weights = { sensitivity: 0.35, spread: 0.35, mobilisation: 0.2, malice: 0.1, publicInterest: 0 };
const gates = { enabled: true, noTargetCap: 0.4, noDossierCap: 0.65 };
const options = { harmFloor: 0.2, spreadOnlyCap: 0.4, businessDiscount: 0.6, gates };

const assess = (...signals: Signal[]) => assessRisk(new Map(signals.map((s, i) => [`d${i}`, [s]])), weights, options);

const viral = sig('spread', 1, 'CASCADE_VELOCITY');
const call = sig('mobilisation', 1, 'LANG_MOBILISATION', { call: true });
const amplify = sig('mobilisation', 0.5, 'LANG_MOBILISATION');

describe('risk gates: spread amplifies harm, never stands in for it', () => {
  it('no identifying disclosure about a private person and no call: watch at most, and it says why', () => {
    const a = assess(
      viral,
      sig('sensitivity', 0.9, 'PII_DISCLOSED', { identifying: 0 }),
      sig('malice', 1, 'LANG_MALICE'),
    );
    expect(a.score).toBe(0.4);
    expect(a.reasons.at(-1)).toMatchObject({ detector: 'risk', code: 'RISK_GATE_NO_TARGET' });
  });

  it('one identifying category without mobilisation may warn but never reach critical', () => {
    const a = assess(
      viral,
      sig('sensitivity', 1, 'PII_DISCLOSED', { identifying: 1 }),
      sig('malice', 1, 'LANG_MALICE'),
    );
    expect(a.score).toBe(0.65);
    expect(a.reasons.map((r) => r.code)).toContain('RISK_GATE_NO_DOSSIER');
  });

  it('two identifying categories, or one with mobilisation, is a dossier', () => {
    expect(assess(viral, sig('sensitivity', 1, 'PII_DISCLOSED', { identifying: 2 }), call).score).toBe(0.9);
    expect(assess(viral, sig('sensitivity', 1, 'PII_DISCLOSED', { identifying: 1 }), amplify).score).toBeGreaterThan(
      0.65,
    );
  });

  it('a call to find someone opens the warning gate on its own, and counts what was disclosed without a name', () => {
    const unnamed = sig('sensitivity', 0.9, 'PII_UNATTRIBUTED', { unattributed: 2 });
    expect(assess(viral, unnamed).score).toBeLessThanOrEqual(0.4); // listed, not scored
    expect(assess(viral, unnamed).dimensions.sensitivity).toBe(0);
    const withCall = assess(viral, unnamed, call);
    expect(withCall.dimensions.sensitivity).toBe(0.9);
    expect(withCall.reasons.map((r) => r.code)).not.toContain('RISK_GATE_NO_DOSSIER');
  });

  it('off: the weighted score as before', () => {
    const s = [viral, sig('sensitivity', 0.9, 'PII_DISCLOSED', { identifying: 0 })];
    const off = assessRisk(new Map(s.map((x, i) => [`d${i}`, [x]])), weights, {
      ...options,
      gates: { ...gates, enabled: false },
    });
    expect(off.score).toBeGreaterThan(0.45);
  });
});
