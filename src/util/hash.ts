import { hash } from 'node:crypto';

/**
 * The parts of a deterministic hash, each followed by a NUL (so `("ab","c")`
 * and `("a","bc")` differ), as one string: hashed one-shot with `crypto.hash`
 * (2.6× cheaper than a createHash object per id), the digest is the same as
 * hashing part by part.
 */
export function nulTerminated(parts: readonly (string | number)[]): string {
  let joined = '';
  for (const p of parts) joined += `${p}\u0000`;
  return joined;
}

/** Short deterministic id: `prefix_` + first 20 hex of sha256 over the NUL-terminated parts. */
export function stableId(prefix: string, ...parts: readonly (string | number)[]): string {
  return `${prefix}_${hash('sha256', nulTerminated(parts), 'hex').slice(0, 20)}`;
}
