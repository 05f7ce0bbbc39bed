/**
 * Small per-incident lists grown by an exact-size copy. V8 gives a push or splice onto a small array ~16 spare
 * slots (the first push onto [] reserves 17, a push onto a full list of n grows it to n + n/2 + 16: a 3-item list
 * grown by 3 holds 25 slots, ~130 bytes kept for as long as the incident lives), and most live incidents stay
 * small. While the list after the insert has at most EXACT_UP_TO items, these return a new array of exactly that
 * size (the caller stores the result; the old one is not written, so a shared frozen empty list may be passed);
 * beyond, they push or splice into `list` itself and return it (amortised).
 *
 * EXACT_UP_TO was chosen by measuring (issue 17, i17r): 16 vs 24 vs 32 on the 300k-event simulated run, the
 * heap after a full GC at its peak and the CPU of the full pipeline side by side (see the test's comment).
 */
export const EXACT_UP_TO = 24;

/** `list` with one to three items inserted at `at`; items as arguments (no array per call). */
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

/** `list` with `a` inserted at `at` (see the file's comment). */
export const insert1 = <T>(list: T[], at: number, a: T): T[] => put(list, at, 1, a, a, a);
/** `list` with `a, b` inserted at `at`. */
export const insert2 = <T>(list: T[], at: number, a: T, b: T): T[] => put(list, at, 2, a, b, b);
/** `list` with `a, b, c` inserted at `at`. */
export const insert3 = <T>(list: T[], at: number, a: T, b: T, c: T): T[] => put(list, at, 3, a, b, c);
/**
 * `list` of numbers with one to three numbers inserted at `at`, by the same rule, from a `new Array` of its own that
 * only ever holds numbers. put's also makes lists of strings and objects, and V8's allocation-site feedback then
 * gives every list it makes tagged elements: each number a heap number of its own, allocated per insert and read
 * through a pointer (issue 17: 34,447 of 34,453 velocity bucket lists were tagged on the core workload, and nearly
 * every forecast read its buckets so).
 */
function putNumbers(list: number[], at: number, k: 2 | 3, a: number, b: number, c: number): number[] {
  const n = list.length;
  if (n + k > EXACT_UP_TO) {
    if (at === n) {
      if (k === 2) list.push(a, b);
      else list.push(a, b, c);
    } else if (k === 2) list.splice(at, 0, a, b);
    else list.splice(at, 0, a, b, c);
    return list;
  }
  const out = new Array<number>(n + k);
  for (let i = 0; i < at; i++) out[i] = list[i]!;
  out[at] = a;
  out[at + 1] = b;
  if (k > 2) out[at + 2] = c;
  for (let i = at; i < n; i++) out[i + k] = list[i]!;
  return out;
}

/** `list` of numbers with `a, b` inserted at `at`: a list of unboxed doubles (see putNumbers). */
export const insertNumbers2 = (list: number[], at: number, a: number, b: number): number[] =>
  putNumbers(list, at, 2, a, b, b);
/** `list` of numbers with `a, b, c` inserted at `at`: a list of unboxed doubles (see putNumbers). */
export const insertNumbers3 = (list: number[], at: number, a: number, b: number, c: number): number[] =>
  putNumbers(list, at, 3, a, b, c);
/** `list` with `x` at its end: insert1 at the end (a new exact-size list while short, else pushed in place). */
export const append = <T>(list: T[], x: T): T[] => put(list, list.length, 1, x, x, x);
/** `list` with every item of `more` at its end, by the same rule (exact-size copy while short, else in place). */
export function appendAll<T>(list: T[], more: readonly T[]): T[] {
  if (more.length === 0) return list;
  if (list.length + more.length > EXACT_UP_TO) {
    for (const x of more) list.push(x);
    return list;
  }
  return list.concat(more);
}
