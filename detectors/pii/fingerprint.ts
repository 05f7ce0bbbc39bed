import { createHash, createHmac, type Hash } from 'node:crypto';
import type { PiiCategory } from '../../src/contract/index.js';

/**
 * Keyed HMAC-SHA-256 of a normalised value, domain-separated by category so
 * that the same digits as a phone and as a QQ number do not collide. Without
 * the secret nobody can test a guessed value against a fingerprint.
 */
export function fingerprint(secret: string, category: PiiCategory, value: string): string {
  return createHmac('sha256', secret).update(category).update('\u0000').update(value).digest('hex');
}

/**
 * The same HMAC with the keyed inner and outer hash states computed once
 * (RFC 2104), copied per value: identical output, no per-call key setup; recent values are remembered.
 */
export function fingerprinter(secret: string): (category: PiiCategory, value: string) => string {
  let key = Buffer.from(secret, 'utf8');
  if (key.length > 64) key = createHash('sha256').update(key).digest();
  const ipad = Buffer.alloc(64, 0x36);
  const opad = Buffer.alloc(64, 0x5c);
  for (let i = 0; i < key.length; i++) {
    ipad[i]! ^= key[i]!;
    opad[i]! ^= key[i]!;
  }
  const inner: Hash = createHash('sha256').update(ipad);
  const outer: Hash = createHash('sha256').update(opad);
  // Reposts copy their text, so the same values come back again and again: remember recent fingerprints
  // (bounded; a pure function of category and value under this secret).
  const memo = new Map<string, string>();
  return (category, value) => {
    const key = `${category}\u0000${value}`;
    let fp = memo.get(key);
    if (fp === undefined) {
      const h = inner.copy().update(category).update('\u0000').update(value).digest();
      fp = outer.copy().update(h).digest('hex');
      if (memo.size >= 4096) memo.clear();
      memo.set(key, fp);
    }
    return fp;
  };
}
