import type { Signal } from '../../../src/contract/index.js';

/** A signal for the risk tests: its code doubles as its message; `gate` only when given. */
export const sig = (dimension: Signal['dimension'], score: number, code: string, gate?: Signal['gate']): Signal => ({
  dimension,
  score,
  code,
  message: code,
  evidence: [],
  ...(gate ? { gate } : {}),
});
