import type { Reason, RiskGateFacts, Signal } from '../contract/index.js';

/**
 * Spread amplifies harm; it never stands in for it. Whatever the weighted
 * score says, an incident reaches
 * - `warning` only with an identifying disclosure about a private person, or
 *   a call to find or harass one (no target, no warning: capped at
 *   `noTargetCap`);
 * - `critical` (the throttle) only with a dossier: two or more identifying
 *   categories, or one with mobilisation (capped at `noDossierCap`).
 * Identifying disclosures made without anybody named (pii/dossier's
 * PII_UNATTRIBUTED) count once someone calls to find a person; until then
 * they are listed but scored nowhere. The facts come from the signals'
 * `gate` (detectors/types.ts RiskGateFacts).
 */
export interface RiskGates {
  readonly enabled: boolean;
  /** score cap without an identifying disclosure about a private person or a call to find one (below warning) */
  readonly noTargetCap: number;
  /** score cap without two identifying categories, or one with mobilisation (below critical) */
  readonly noDossierCap: number;
}

export interface GateFacts {
  /** identifying categories about a private person (unattributed ones included once a call is made) */
  readonly identifying: number;
  readonly call: boolean;
}

/**
 * The gate facts of an incident's signals. (Runs for every assessment: indexed loops, no closure. A detector
 * with no signals holds a shared frozen empty list, and `for…of` over a frozen array allocates an iterator
 * and a result per call even in optimised code.)
 */
export function gateFacts(signalsByDetector: ReadonlyMap<string, readonly Signal[]>): GateFacts {
  let identifying = 0;
  let unattributed = 0;
  let call = false;
  for (const signals of signalsByDetector.values())
    for (let i = 0; i < signals.length; i++) {
      const g: RiskGateFacts | undefined = signals[i]!.gate;
      if (!g) continue;
      if (g.identifying !== undefined && g.identifying > identifying) identifying = g.identifying;
      if (g.unattributed !== undefined && g.unattributed > unattributed) unattributed = g.unattributed;
      if (g.call === true) call = true;
    }
  return { identifying: identifying + (call ? unattributed : 0), call };
}

/** The capped score and, when a cap applied, the reason that says so. */
export function applyGates(
  score: number,
  facts: GateFacts,
  mobilisation: number,
  gates: RiskGates | undefined,
): { score: number; reason: Reason | null } {
  if (!gates?.enabled) return { score, reason: null };
  if (facts.identifying === 0 && !facts.call && score > gates.noTargetCap)
    return {
      score: gates.noTargetCap,
      reason: gateReason(
        'RISK_GATE_NO_TARGET',
        `no identifying disclosure about a private person and no call to find one: score ${round(score)} capped at ${gates.noTargetCap}`,
      ),
    };
  const dossier = facts.identifying >= 2 || (facts.identifying >= 1 && mobilisation > 0);
  if (!dossier && score > gates.noDossierCap)
    return {
      score: gates.noDossierCap,
      reason: gateReason(
        'RISK_GATE_NO_DOSSIER',
        `${facts.identifying} identifying ${facts.identifying === 1 ? 'category' : 'categories'} without mobilisation is no dossier: score ${round(score)} capped at ${gates.noDossierCap}`,
      ),
    };
  return { score, reason: null };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

function gateReason(code: string, message: string): Reason {
  return { detector: 'risk', code, dimension: 'sensitivity', score: 0, message, evidence: [] };
}
