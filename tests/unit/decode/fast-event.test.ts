import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeRecord } from '../../../src/decode/index.js';
import { decodeEventWithZod } from '../../../src/decode/decode-record.js';
import { fastEventRecord } from '../../../src/decode/fast-event.js';
import { LIMITS, RepostEventSchema, type SourcePosition, type RawRecord } from '../../../src/contract/index.js';

/**
 * The fast path (src/decode/fast-event.ts) must only accept what zod accepts
 * and must build the identical record; valid events must actually take it.
 */

const position: SourcePosition = { kind: 'kafka', topic: 't', partition: 0, offset: '9' };
const MAX_MS = Date.UTC(2200, 0, 1);

// Strings with any UTF-16 unit (lone surrogates included: JSON round-trips them).
const str = (minLength: number, maxLength: number): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ unit: 'binary', minLength, maxLength: Math.min(maxLength, 40) }),
    fc.string({ unit: 'grapheme-ascii', minLength, maxLength: Math.min(maxLength, 40) }),
    // lengths at and around the limit
    fc
      .tuple(
        fc.constantFrom('a', '字', '😀', '\ud800'),
        fc.integer({ min: Math.max(minLength, maxLength - 2), max: maxLength }),
      )
      .map(([c, n]) => c.repeat(Math.ceil(n / c.length)).slice(0, n)),
  );
const id = str(1, LIMITS.idMax);
const platform = fc.stringMatching(/^[a-z0-9_-]{1,32}$/);
const kind = fc.constantFrom('post', 'repost', 'quote', 'reply');
const createdAt = fc.oneof(
  fc.integer({ min: 0, max: MAX_MS }),
  fc.date({ min: new Date(0), max: new Date(MAX_MS - 1), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('2026-01-01T08:00:00+08:00', '2026-01-01 00:00:00Z', '2026-01-01T00:00:00.123456789z'),
);
// Texts up to the byte limit: as many code units of one character as fit in 64 KiB, or a few fewer.
const FITS: ReadonlyArray<[string, number]> = [
  ['a', LIMITS.textMaxBytes],
  ['字', Math.floor(LIMITS.textMaxBytes / 3)],
  ['😀', LIMITS.textMaxBytes / 2],
  ['\udfff', Math.floor(LIMITS.textMaxBytes / 3)],
];
const longText = fc
  .tuple(fc.constantFrom(...FITS), fc.integer({ min: 0, max: 3 }))
  .map(([[c, units], less]) => c.repeat(units).slice(0, units - less));
const text = fc.oneof(str(0, 200), longText);
// ...and just over it (by units or by bytes), for mutations
const tooLongText = fc
  .tuple(fc.constantFrom(...FITS), fc.integer({ min: 1, max: 2 }))
  .map(([[c, units], more]) => c.repeat(units + more).slice(0, units + more));
const mention = fc
  .record({ accountId: id, publicFigure: fc.boolean(), note: fc.jsonValue() }, { requiredKeys: ['accountId'] })
  .chain((m) =>
    fc
      .shuffledSubarray(Object.keys(m), { minLength: Object.keys(m).length })
      .map((keys) => Object.fromEntries(keys.map((k) => [k, m[k as keyof typeof m]]))),
  );

const validEvent = fc
  .record(
    {
      type: fc.constant('event'),
      eventId: id,
      platform,
      kind,
      postId: id,
      parentId: fc.option(id),
      rootId: fc.option(id),
      authorId: id,
      authorFollowers: fc.oneof(fc.nat(), fc.constantFrom(0, Number.MAX_SAFE_INTEGER)),
      authorCreatedAt: createdAt,
      createdAt,
      text,
      urls: fc.array(str(0, LIMITS.urlMax), { maxLength: 3 }),
      mediaHashes: fc.array(str(1, LIMITS.idMax), { maxLength: 3 }),
      lang: str(0, LIMITS.langMax),
      mentions: fc.array(mention, { maxLength: 3 }),
      extra: fc.jsonValue(),
    },
    { requiredKeys: ['eventId', 'platform', 'kind', 'postId', 'authorId', 'createdAt'] },
  )
  .map((e) => (e.kind !== 'post' && (e.parentId === undefined || e.parentId === null) ? { ...e, parentId: 'p0' } : e));

// Values a field may be mutated to: wrong types, null, over limits, floats, negatives, unsafe ints, bad entries.
const weird: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -0, -1, 1.5, 1e20, 2 ** 53, -1e-9, '', 'post', 'Weibo!', 'event', 'notice'),
  fc.constantFrom([], [null], [''], [1], [{}], [{ accountId: '' }], [{ accountId: 'a', publicFigure: 'yes' }]),
  fc.constantFrom([{ accountId: 'a', publicFigure: null }], [[]], {}, { accountId: 'a' }),
  fc.constantFrom('x'.repeat(LIMITS.idMax + 1), 'x'.repeat(LIMITS.langMax + 1), 'x'.repeat(65), '字'.repeat(21_846)),
  fc.constantFrom(Array(LIMITS.mediaHashesMax + 1).fill('h'), Array(LIMITS.urlsMax + 1).fill('u')),
  fc.constantFrom(['x'.repeat(LIMITS.urlMax + 1)], ['x'.repeat(LIMITS.idMax + 1)], '2026-02-30T00:00:00Z', 'soon'),
  fc.constantFrom(Array(LIMITS.mentionsMax + 1).fill({ accountId: 'a' }), MAX_MS + 1),
  tooLongText,
  fc.jsonValue(),
);
const FIELDS = [
  'type',
  'eventId',
  'platform',
  'kind',
  'postId',
  'parentId',
  'rootId',
  'authorId',
  'authorFollowers',
  'authorCreatedAt',
  'createdAt',
  'text',
  'urls',
  'mediaHashes',
  'lang',
  'mentions',
  '__proto__',
  'constructor',
];
const over = (n: number): string => 'x'.repeat(n + 1);
// Per field, values just outside what the schema allows (so each rule is hit often, not by luck).
const BAD: Record<string, unknown[]> = {
  eventId: ['', over(LIMITS.idMax), 7, null],
  postId: ['', over(LIMITS.idMax), ['p'], null],
  authorId: ['', over(LIMITS.idMax), false],
  parentId: ['', over(LIMITS.idMax), 1, {}],
  rootId: ['', over(LIMITS.idMax), 1],
  platform: ['', 'A', 'a b', 'a\n', over(32), 'weibo!', 1],
  kind: ['Post', '', 'like', null, 1],
  type: ['notice', 'verdict', 'Event', null, 1],
  authorFollowers: [-1, 1.5, 2 ** 53, 1e20, '5', null, true],
  createdAt: [-1, 1.5, 2 ** 53, MAX_MS + 1, over(64), '', '2026-02-30T00:00:00Z', null, {}],
  authorCreatedAt: [-1, 1.5, 2 ** 53, MAX_MS + 1, over(64), '', '2026-02-30T00:00:00Z', null, {}],
  text: [null, 5, [], 'a'.repeat(LIMITS.textMaxBytes + 1), '字'.repeat(21_846), '😀'.repeat(16_385)],
  lang: [null, over(LIMITS.langMax), 1],
  urls: [null, 'u', [1], [null], ['ok', over(LIMITS.urlMax)], Array(LIMITS.urlsMax + 1).fill('u')],
  mediaHashes: [null, [''], ['h', ''], [over(LIMITS.idMax)], [2], Array(LIMITS.mediaHashesMax + 1).fill('h')],
  mentions: [
    null,
    {},
    [null],
    ['a'],
    [[]],
    [{}],
    [{ accountId: '' }],
    [{ accountId: over(LIMITS.idMax) }],
    [{ accountId: 'a', publicFigure: 'yes' }],
    [{ accountId: 'a', publicFigure: null }],
    [{ accountId: 'a' }, { publicFigure: true }],
    Array(LIMITS.mentionsMax + 1).fill({ accountId: 'a' }),
  ],
};
// Changes the schema allows: optional fields dropped, nullable ones null, unknown fields added.
const OPTIONAL = ['type', 'parentId', 'rootId', 'authorFollowers', 'text', 'urls', 'mediaHashes', 'lang', 'mentions'];
const harmless = fc.oneof(
  fc.tuple(fc.constantFrom(...OPTIONAL), fc.constant(undefined)),
  fc.tuple(fc.constantFrom('rootId', 'parentId'), fc.constant(null)),
  fc.tuple(fc.constantFrom('extra', '__proto__', 'constructor', 'toString', 'time', 'position'), fc.jsonValue()),
);
const mutation = fc.oneof(
  harmless,
  fc.tuple(fc.constantFrom(...FIELDS), fc.option(weird, { nil: undefined })),
  fc.constantFrom(...Object.keys(BAD)).chain((k) => fc.tuple(fc.constant(k), fc.constantFrom(...BAD[k]!))),
);
const mutatedEvent = fc.tuple(validEvent, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([e, ms]) => {
  const o: Record<string, unknown> = { ...e };
  for (const [k, v] of ms)
    if (v === undefined) delete o[k];
    else Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
});

/** What decodeRecord sees: the object as JSON text, parsed afresh for each path. */
function compare(event: object): { fast: unknown } {
  const line = JSON.stringify(event);
  const raw: RawRecord = { value: Buffer.from(line), key: null, position };
  const fast = fastEventRecord(JSON.parse(line) as object, position);
  const zod = decodeEventWithZod(raw, JSON.parse(line) as object, position);
  if (fast !== null) {
    expect(zod.ok).toBe(true);
    if (zod.ok) {
      expect(fast).toStrictEqual(zod.record);
      expect(JSON.stringify(fast)).toBe(JSON.stringify(zod.record));
    }
  }
  const type = (JSON.parse(line) as { type?: unknown }).type;
  if (type !== undefined && type !== 'event') expect(fast).toBeNull();
  // the whole decode, dead letters included, is the zod path's byte for byte (below the record size limit)
  else if (raw.value!.length <= LIMITS.recordMaxBytes)
    expect(JSON.stringify(decodeRecord(raw)) === JSON.stringify(zod), 'decodeRecord = zod path').toBe(true);
  return { fast };
}

describe('fastEventRecord', () => {
  it('takes every valid event and builds exactly the zod path record', () => {
    fc.assert(
      fc.property(validEvent, (e) => {
        expect(RepostEventSchema.safeParse(JSON.parse(JSON.stringify(e))).success).toBe(true);
        expect(compare(e).fast).not.toBeNull();
      }),
      { numRuns: 400 },
    );
  }, 60_000);

  it('on mutated events accepts only what zod accepts, with the identical record', () => {
    let taken = 0;
    let fallback = 0;
    fc.assert(
      fc.property(mutatedEvent, (e) => {
        if (compare(e).fast === null) fallback++;
        else taken++;
      }),
      { numRuns: 1000 },
    );
    // both branches are exercised, so neither half of the property is vacuous
    expect(taken).toBeGreaterThan(50);
    expect(fallback).toBeGreaterThan(50);
  }, 60_000);

  it.each([
    ['post without parent', true, { kind: 'post' }],
    ['post with null parent', true, { kind: 'post', parentId: null }],
    ['repost with null parent', false, { kind: 'repost', parentId: null }],
    ['repost without parent', false, { kind: 'repost' }],
    ['null rootId', true, { rootId: null }],
    ['null authorFollowers', false, { authorFollowers: null }],
    ['null text', false, { text: null }],
    ['float followers', false, { authorFollowers: 1.5 }],
    ['unsafe integer time', false, { createdAt: 2 ** 53 }],
    ['impossible date', false, { createdAt: '2026-02-30T00:00:00Z' }],
    ['text of 21,846 CJK characters (65,538 bytes)', false, { text: '字'.repeat(21_846) }],
    ['text of 21,845 CJK characters (65,535 bytes)', true, { text: '字'.repeat(21_845) }],
  ])('%s: taken=%s', (_, taken, patch) => {
    const e = { eventId: 'e', platform: 'weibo', kind: 'post', postId: 'p', authorId: 'a', createdAt: 0, ...patch };
    expect(compare(e).fast !== null).toBe(taken);
  });
});
