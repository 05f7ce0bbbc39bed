import type { Gauge } from 'prom-client';

export const READINESS_CHECKS = ['state_restored', 'source_connected'] as const;
export type ReadinessCheck = (typeof READINESS_CHECKS)[number];

/**
 * What /readyz answers: ready when every check holds (state restored after a
 * restart, source connected). Each check is also exported as
 * `doxguard_ready{check}` so a dashboard shows which one is missing.
 */
export interface Readiness {
  set(check: ReadinessCheck, ok: boolean): void;
  isReady(): boolean;
  checks(): Record<ReadinessCheck, boolean>;
}

export function createReadiness(gauge?: Gauge<'check'>): Readiness {
  const state: Record<ReadinessCheck, boolean> = { state_restored: false, source_connected: false };
  for (const c of READINESS_CHECKS) gauge?.set({ check: c }, 0);
  return {
    set(check, ok) {
      state[check] = ok;
      gauge?.set({ check }, ok ? 1 : 0);
    },
    isReady: () => READINESS_CHECKS.every((c) => state[c]),
    checks: () => ({ ...state }),
  };
}
