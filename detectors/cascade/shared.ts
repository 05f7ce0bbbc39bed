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
 * Flat per-incident arrays of up to this many items grow by an exact-size copy: V8 gives a push or splice onto
 * a small array ~16 spare slots (a 3-item array grown by 3 holds 25, ~130 bytes kept for as long as the
 * incident lives), and most incidents stay small. Larger arrays grow in place (amortised).
 */
export const EXACT_UP_TO = 24;

/**
 * `list` with one to three items inserted at index `at`: a new exact-size array while small, else `list`
 * itself (pushed or spliced). Items are passed as arguments (no array per call).
 */
function put<T>(list: T[], at: number, k: 1 | 2 | 3, a: T, b: T, c: T): T[] {
  const n = list.length;
  if (n + k > EXACT_UP_TO) {
    if (at === n) {
      if (k === 1) list.push(a);
      else if (k === 2) list.push(a, b);
      else list.push(a, b, c);
    } else if (k === 1) list.splice(at, 0, a);
    else if (k === 2) list.splice(at, 0, a, b);
    else list.splice(at, 0, a, b, c);
    return list;
  }
  const out = new Array<T>(n + k);
  for (let i = 0; i < at; i++) out[i] = list[i]!;
  out[at] = a;
  if (k > 1) out[at + 1] = b;
  if (k > 2) out[at + 2] = c;
  for (let i = at; i < n; i++) out[i + k] = list[i]!;
  return out;
}

/** `list` with `a` inserted at `at` (see put). */
export const insert1 = <T>(list: T[], at: number, a: T): T[] => put(list, at, 1, a, a, a);
/** `list` with `a, b` inserted at `at` (see put). */
export const insert2 = <T>(list: T[], at: number, a: T, b: T): T[] => put(list, at, 2, a, b, b);
/** `list` with `a, b, c` inserted at `at` (see put). */
export const insert3 = <T>(list: T[], at: number, a: T, b: T, c: T): T[] => put(list, at, 3, a, b, c);
