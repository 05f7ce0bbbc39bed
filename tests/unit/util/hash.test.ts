import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stableId } from '../../../src/util/hash.js';

/** The definition ids have always had: sha256 over each part then a NUL, hashed part by part. */
function reference(prefix: string, parts: readonly (string | number)[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(String(p)).update('\u0000');
  return `${prefix}_${h.digest('hex').slice(0, 20)}`;
}

describe('stableId', () => {
  it('is sha256 over the NUL-terminated parts (ids stay what earlier versions emitted)', () => {
    expect(stableId('cmd', 'inc_1', 42, 'throttle')).toBe(reference('cmd', ['inc_1', 42, 'throttle']));
    expect(stableId('dlq')).toBe(`dlq_${createHash('sha256').digest('hex').slice(0, 20)}`);
  });

  it('matches the part-by-part digest for any parts, including non-ASCII and lone surrogates', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.integer(), fc.double())),
        (parts) => stableId('p', ...parts) === reference('p', parts),
      ),
    );
  });

  it('keeps part boundaries: ("ab","c") and ("a","bc") differ', () => {
    expect(stableId('x', 'ab', 'c')).not.toBe(stableId('x', 'a', 'bc'));
  });
});
