import { createHash } from 'node:crypto';

/** Short deterministic id: `prefix_` + first 20 hex of sha256 over the parts. */
export function stableId(prefix: string, ...parts: readonly (string | number)[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(String(p)).update('\u0000');
  return `${prefix}_${h.digest('hex').slice(0, 20)}`;
}
