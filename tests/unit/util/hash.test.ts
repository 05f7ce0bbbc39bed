import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalOf, contentId, stableId } from '../../../src/util/hash.js';
import { sortedJson } from '../../../src/util/json.js';
import { canonicalJson } from '../../../src/evidence/index.js';

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

/**
 * The definition sortedJson is written for speed against: keys sorted at every level, undefined members dropped,
 * written plainly (map, filter, join) as the evidence log's canonicalJson is. The same bytes for JSON values.
 */
const sortedJsonReference = (v: unknown): string => canonicalJson(v);

describe('sortedJson', () => {
  it('gives the reference bytes for any JSON value, with undefined members and awkward keys', () => {
    const member = fc.oneof(fc.jsonValue(), fc.constant(undefined));
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue(),
        fc.array(tie('node')),
        fc.dictionary(fc.string({ unit: 'binary' }), fc.oneof(member, tie('node'))),
      ),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        expect(sortedJson(v)).toBe(sortedJsonReference(v));
      }),
      { numRuns: 500 },
    );
  });

  it('sorts keys at every level and drops undefined members', () => {
    expect(sortedJson({ b: 1, a: { d: [1, { z: 0, y: null }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"y":null,"z":0}]},"b":1}',
    );
  });
});

describe('contentId', () => {
  const record = fc.dictionary(
    fc.string({ unit: 'binary' }).filter((k) => k !== 'id'),
    fc.oneof(fc.jsonValue(), fc.constant(undefined)),
  );
  it('is the hash of every member but the id, and keeps the canonical JSON of the record it returns', () => {
    fc.assert(
      fc.property(record, fc.string(), (members, oldId) => {
        const made = contentId('rec', { ...members, id: oldId });
        const { id, ...rest } = made;
        expect(id).toBe(stableId('rec', sortedJsonReference(rest)));
        expect(canonicalOf(made)).toBe(sortedJsonReference(made));
        expect(canonicalOf(made)).toBe(canonicalJson(made));
      }),
      { numRuns: 500 },
    );
  });

  it('knows only the very object it made', () => {
    const made = contentId('rec', { id: '', b: 1, a: 'x' });
    expect(canonicalOf(made)).toBe(`{"a":"x","b":1,"id":"${made.id}"}`);
    expect(canonicalOf({ ...made })).toBeUndefined();
  });
});
