import type { Dimension } from '../contract/index.js';

/** The discount a business signal (BUSINESS_CONTACT_CODE, src/contract/signal-codes.ts) applies to sensitivity. */
export interface BusinessDiscountOptions {
  /** share of the sensitivity removed by a business signal of score 1; 0 turns it off */
  readonly businessDiscount?: number | undefined;
  readonly harmFloor?: number | undefined;
}

/** Applies the discount to `dimensions` in place; returns the note to append to the reason. */
export function applyBusinessDiscount(
  dimensions: Record<Dimension, number>,
  businessScore: number,
  o: BusinessDiscountOptions | undefined,
): string {
  const discount = o?.businessDiscount ?? 0;
  const floor = o?.harmFloor ?? 0.2;
  if (discount <= 0) return 'not applied: business discount off';
  if (dimensions.mobilisation >= floor || dimensions.malice >= floor)
    return 'not applied: calls to act or malice present';
  const before = dimensions.sensitivity;
  dimensions.sensitivity = before * (1 - Math.min(1, discount * businessScore));
  return `sensitivity ${before.toFixed(2)} → ${dimensions.sensitivity.toFixed(2)}`;
}
