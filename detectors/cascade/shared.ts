/** Small pure helpers shared by the cascade and language detectors. */

export const clamp01 = (x: number): number => (x <= 0 ? 0 : x >= 1 ? 1 : x);
export const round2 = (x: number): number => Math.round(x * 100) / 100;

/** Score rising with log(x) from `lo` (0) to `hi` (1). */
export function logScore(x: number, lo: number, hi: number): number {
  if (x <= lo) return 0;
  return clamp01(Math.log(x / lo) / Math.log(hi / lo));
}

/** 32-bit FNV-1a of a string: a deterministic, well-spread rank for bottom-k sampling. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The empty list every new state starts its write-once lists with (evidence, codes, joined ids): shared and frozen,
 * as those lists are replaced, never mutated (a fresh [] is ~32 bytes per list per live incident).
 */
export const NO_STRINGS: readonly string[] = Object.freeze([]) as readonly string[];
export const NO_NUMBERS: readonly number[] = Object.freeze([]) as readonly number[];

/** Appends `id` to a bounded list of evidence ids (no repeats; the first `keepFirst` are never dropped). */
export function pushEvidence(list: readonly string[], id: string, cap: number, keepFirst = 2): string[] {
  if (list.includes(id)) return list as string[];
  const out = [...list, id];
  if (out.length > cap) out.splice(Math.min(keepFirst, cap - 1), 1);
  return out;
}

/** Union of two evidence lists, capped, in order of appearance. */
export function mergeEvidence(a: readonly string[], b: readonly string[], cap: number): string[] {
  let out = [...a];
  for (const id of b) out = pushEvidence(out, id, cap);
  return out;
}

/**
 * A tick's due time (TickResult.dueAt) a little before `t`, the event time a condition of the detector turns
 * at: what it is compared with is computed in doubles (`now - windowMs` and the like), and the margin, far
 * wider than their rounding, makes sure no tick before the promise sees the turn. Too early costs one tick.
 */
export const dueBefore = (t: number): number => t - 1 - Math.abs(t) * 2 ** -40;
