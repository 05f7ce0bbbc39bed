import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalOf, contentId, jsonOf, stableId } from '../../../src/util/hash.js';
import { valueTexts, type ValueTexts } from '../../../src/util/json.js';
import { canonicalJson } from '../../../src/evidence/index.js';

/**
 * contentId makes a record's canonical JSON (the id's input, the evidence digest's) and the sinks' line from one
 * set of member texts: both must stay the bytes of the plainly written definitions (canonicalJson, JSON.stringify)
 * on any record, keys out of order and awkward strings included.
 */
const text = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.constantFrom('', '"', '\\', ',', ':', '}', '{', '"id":"x"', 'id', 'a', 'z', '\u2028', '\u0000', '😀', '\ud800'),
);
// keys chosen to sort around "id" and each other, in any insertion order
const key = fc.oneof(text, fc.constantFrom('a', 'b', 'ic', 'idx', 'i', 'schema', 'postIds', '0', '10', '2', '__x'));
const leaf = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(text, { maxLength: 4 }),
  fc.array(fc.oneof(fc.integer(), fc.double(), fc.constant(null), fc.boolean()), { maxLength: 4 }),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(key, fc.oneof(tie('node'), fc.constant(undefined)), { maxKeys: 5 }),
  ),
})).node;
const record = fc
  .tuple(
    fc.dictionary(
      key.filter((k) => k !== 'id'),
      fc.oneof(value, fc.constant(undefined)),
      { maxKeys: 8 },
    ),
    fc.nat({ max: 8 }),
    text,
  )
  // the id anywhere in the record's order, as records put it second and a spread keeps it where it was
  .map(([members, at, oldId]) => {
    const entries = Object.entries(members);
    entries.splice(Math.min(at, entries.length), 0, ['id', oldId]);
    return Object.fromEntries(entries) as { id: string };
  });

describe('contentId texts', () => {
  it('are canonicalJson and JSON.stringify of the record it returns, byte for byte', () => {
    fc.assert(
      fc.property(record, (r) => {
        const made = contentId('rec', r);
        const { id, ...rest } = made;
        expect(id).toBe(stableId('rec', canonicalJson(rest)));
        expect(canonicalOf(made)).toBe(canonicalJson(made));
        expect(jsonOf(made)).toBe(JSON.stringify(made));
      }),
      { numRuns: 1000 },
    );
  });

  it('are the same when members come with texts made beforehand (valueTexts, shared by several records)', () => {
    fc.assert(
      fc.property(record, (r) => {
        const shared: ValueTexts[] = [];
        for (const v of Object.values(r))
          if (typeof v === 'object' && v !== null) {
            const t = valueTexts(v);
            if (t !== null) shared.push(t);
          }
        // a stale entry for a value the record does not hold is passed over
        shared.push({ value: {}, sorted: '"stale"', plain: '"stale"' });
        const made = contentId('rec', r, shared);
        expect(made.id).toBe(contentId('rec', r).id);
        expect(canonicalOf(made)).toBe(canonicalJson(made));
        expect(jsonOf(made)).toBe(JSON.stringify(made));
      }),
      { numRuns: 500 },
    );
  });

  it('valueTexts: sortedJson and JSON.stringify of a value, or null where JSON.stringify writes it otherwise', () => {
    fc.assert(
      fc.property(value, (v) => {
        if (typeof v !== 'object' || v === null) return;
        // (null also for an object of no prototype, which fast-check's dictionaries sometimes are: never wrong texts)
        const t = valueTexts(v);
        if (t === null) return;
        expect(t.sorted).toBe(canonicalJson(v));
        expect(t.plain).toBe(JSON.stringify(v));
      }),
      { numRuns: 500 },
    );
    const reasons = [{ detector: 'd', code: 'c', evidence: ['e1', 'e2'], n: { b: [{ y: 1, x: 2 }], a: null } }];
    expect(valueTexts(reasons)).toEqual({
      value: reasons,
      sorted: canonicalJson(reasons),
      plain: JSON.stringify(reasons),
    });
    for (const odd of [new Date(0), { a: () => 1 }, [Object('x') as object], { b: { toJSON: () => 1 } }])
      expect(valueTexts(odd)).toBeNull();
  });

  it('are JSON.stringify also where it writes other than sortedJson (toJSON, boxed values, functions, no id)', () => {
    const odd = [
      { id: '', when: new Date(0), b: 1 },
      { id: '', boxed: Object('text') as object, n: Object(1) as object },
      { a: 1, id: '', f: () => 1, nested: { z: () => 1, y: Symbol('s'), x: [() => 1, undefined] } },
      { b: [1, 2], a: Object.assign([1, 2], { toJSON: () => 'arr' }), id: 'old' },
      { b: 2, a: Object.assign([{ y: 1, x: 2 }], { toJSON: () => 'arr' }), id: 'old' },
      { id: '', bare: Object.assign(Object.create(null) as object, { b: 1, a: 2 }) },
      { id: '', toJSON: () => 'the whole record' },
      { z: 1, a: 2 } as unknown as { id: string },
      { id: '', holes: [undefined, 1, { b: undefined, a: [undefined] }] },
    ];
    for (const r of odd) {
      const made = contentId('rec', r);
      expect(jsonOf(made)).toBe(JSON.stringify(made));
    }
    // undefined in an array: null in both texts, as sortedJson has always written it
    const holes = contentId('rec', { id: '', a: [undefined, 1] });
    expect(canonicalOf(holes)).toBe(`{"a":[null,1],"id":"${holes.id}"}`);
  });

  it('is JSON.stringify for a record contentId did not make', () => {
    const r = { b: 1, a: { d: 2, c: 3 }, id: 'x' };
    expect(jsonOf(r)).toBe(JSON.stringify(r));
    expect(canonicalOf(r)).toBeUndefined();
  });
});
