import { hash } from 'node:crypto';
import { nulTerminated } from '../util/index.js';

/**
 * Deterministic buckets for rollout ratios and holdback: the share of
 * incidents a rule acts on is chosen by a hash of the incident id (and a
 * salt), never by a random draw, so a replay decides the same.
 */
export function unitHash(...parts: readonly string[]): number {
  return hash('sha256', nulTerminated(parts), 'buffer').readUInt32BE(0) / 0x1_0000_0000;
}

/** Whether `rule` acts on this incident at rollout `ratio` (0: never, 1: always). */
export function inRollout(incidentId: string, rule: string, ratio: number): boolean {
  if (ratio >= 1) return true;
  if (ratio <= 0) return false;
  return unitHash('rollout', rule, incidentId) < ratio;
}

/** Whether this incident is in the holdback group (watch only). */
export function inHoldback(incidentId: string, share: number): boolean {
  return share > 0 && unitHash('holdback', incidentId) < share;
}
