import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Above,
  aboveOf,
  addChain,
  commonPrefixSum,
  newPrefix,
  removeChain,
} from '../../../../detectors/cascade/structure-prefix.js';

/** The common prefix length of two chains, by definition. */
function common(a: readonly string[], b: readonly string[]): number {
  let l = 0;
  while (l < a.length && l < b.length && a[l] === b[l]) l++;
  return l;
}

// chains over a few keys, so that they share prefixes of every length, end inside one another and repeat
const chain = fc.array(fc.constantFrom('r', 'a', 'b', 'c'), { minLength: 1, maxLength: 5 });

describe('the prefix tree of sampled chains', () => {
  it('gives the summed common prefix of every chain it holds, as chains come and go (leaves held as counts)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), chain, chain), { maxLength: 60 }), (ops) => {
        const root = newPrefix();
        const held: string[][] = [];
        const split = (c: readonly string[]): [Above, string] => [aboveOf(c), c[c.length - 1]!];
        for (const [add, c, probe] of ops) {
          if (add || held.length === 0) {
            addChain(root, ...split(c));
            held.push(c);
          } else {
            // remove one held chain (the one at a position the probe picks)
            const gone = held.splice(probe.length % held.length, 1)[0]!;
            removeChain(root, ...split(gone));
          }
          for (const q of [c, probe])
            expect(commonPrefixSum(root, ...split(q))).toBe(held.reduce((sum, h) => sum + common(h, q), 0));
        }
      }),
      { numRuns: 500 },
    );
  });
});
