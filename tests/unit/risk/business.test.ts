import { describe, expect, it } from 'vitest';
import { type Signal, BUSINESS_CONTACT_CODE } from '../../../src/contract/index.js';
import { assessRisk, levelFor } from '../../../src/risk/index.js';

const weights = { sensitivity: 0.35, spread: 0.35, mobilisation: 0.2, malice: 0.1, publicInterest: 0 };
const gate = { harmFloor: 0.2, spreadOnlyCap: 0.4, businessDiscount: 0.6 };
const levels = { watch: 0.25, warning: 0.45, critical: 0.7 };
const sig = (dimension: Signal['dimension'], score: number, code = `C_${dimension}`): Signal => ({
  dimension,
  score,
  code,
  message: 'm',
  evidence: ['e1'],
});
const business = sig('sensitivity', 1, BUSINESS_CONTACT_CODE);
const shop = (extra: [string, Signal[]][] = []) =>
  new Map<string, readonly Signal[]>([
    ['pii/dossier', [sig('sensitivity', 0.98)]],
    ['cascade/velocity', [sig('spread', 0.5)]],
    ['language/business-contact', [business]],
    ...extra,
  ]);

describe('risk: business self-disclosure', () => {
  it('discounts sensitivity and keeps a shop posting its own contact details below warning', () => {
    const without = assessRisk(new Map([...shop()].filter(([d]) => d !== 'language/business-contact')), weights, gate);
    const withIt = assessRisk(shop(), weights, gate);
    expect(levelFor(without.score, null, levels, 0.05)).toBe('warning');
    expect(withIt.dimensions.sensitivity).toBeCloseTo(0.98 * 0.4, 3);
    expect(levelFor(withIt.score, null, levels, 0.05)).toBe('watch');
    const reason = withIt.reasons.find((r) => r.code === BUSINESS_CONTACT_CODE)!;
    expect(reason.message).toMatch(/sensitivity 0\.98 → 0\.39/);
    expect(reason.evidence).toEqual(['e1']);
  });

  it('is never counted as sensitivity itself', () => {
    const alone = assessRisk(new Map([['language/business-contact', [business]]]), weights, gate);
    expect(alone.dimensions.sensitivity).toBe(0);
    expect(alone.score).toBe(0);
  });

  it.each([
    ['a call to act', 'mobilisation'],
    ['malice', 'malice'],
  ] as const)('is not applied with %s present', (_why, dimension) => {
    const a = assessRisk(shop([[`language/${dimension}`, [sig(dimension, 0.5)]]]), weights, gate);
    expect(a.dimensions.sensitivity).toBe(0.98);
    expect(a.reasons.find((r) => r.code === BUSINESS_CONTACT_CODE)!.message).toMatch(/not applied: calls to act/);
  });

  it('scales with the signal and can be switched off', () => {
    const half = assessRisk(
      shop([['language/business-contact', [sig('sensitivity', 0.5, BUSINESS_CONTACT_CODE)]]]),
      weights,
      gate,
    );
    expect(half.dimensions.sensitivity).toBeCloseTo(0.98 * 0.7, 3);
    const off = assessRisk(shop(), weights, { ...gate, businessDiscount: 0 });
    expect(off.dimensions.sensitivity).toBe(0.98);
    expect(assessRisk(shop(), weights).dimensions.sensitivity).toBe(0.98);
  });
});
