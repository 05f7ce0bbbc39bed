import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEventTime } from '../../../src/util/time.js';

/** parseEventTime as it was before its fast path: RFC 3339 shape, Date.parse, calendar round trip. */
function reference(value: string | number): number | null {
  const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})$/;
  let ms: number;
  if (typeof value === 'number') ms = value;
  else {
    if (!RFC3339.test(value)) return null;
    ms = Date.parse(value.replace(' ', 'T'));
    const offset = /([+-])(\d{2}):(\d{2})$/.exec(value);
    const shift = offset ? (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) * 60_000 : 0;
    if (Number.isNaN(ms) || new Date(ms + shift).toISOString().slice(0, 10) !== value.slice(0, 10)) return null;
  }
  return Number.isInteger(ms) && ms >= 0 && ms <= Date.UTC(2200, 0, 1) ? ms : null;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** RFC 3339-shaped strings whose fields run past their valid ranges (month 13, hour 24, minute 60, offset 24:00 …). */
const timeLike = fc
  .record({
    year: fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1960, max: 2210 })),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 25 }),
    minute: fc.integer({ min: 0, max: 61 }),
    second: fc.integer({ min: 0, max: 61 }),
    fraction: fc.option(fc.stringMatching(/^\d{1,9}$/), { nil: undefined }),
    sep: fc.constantFrom('T', 't', ' '),
    zone: fc.oneof(
      fc.constantFrom('Z', 'z'),
      fc
        .tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 }))
        .map(([s, h, m]) => `${s}${pad(h, 2)}:${pad(m, 2)}`),
    ),
  })
  .map(
    (t) =>
      `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}${t.sep}${pad(t.hour, 2)}:${pad(t.minute, 2)}:` +
      `${pad(t.second, 2)}${t.fraction === undefined ? '' : `.${t.fraction}`}${t.zone}`,
  );

describe('parseEventTime', () => {
  it('reads RFC 3339 with fractions (first three digits), offsets and lower-case t/z', () => {
    expect(parseEventTime('2026-01-05T08:00:00Z')).toBe(Date.UTC(2026, 0, 5, 8));
    expect(parseEventTime('2026-01-05t08:00:00.12z')).toBe(Date.UTC(2026, 0, 5, 8) + 120);
    expect(parseEventTime('2026-01-05 08:00:00.123999Z')).toBe(Date.UTC(2026, 0, 5, 8) + 123);
    expect(parseEventTime('2026-01-05T10:30:00+02:30')).toBe(Date.UTC(2026, 0, 5, 8));
    expect(parseEventTime(1767600000000)).toBe(1767600000000);
  });

  it('rejects dates that do not exist, out-of-range fields and impossible instants', () => {
    expect(parseEventTime('2026-02-29T00:00:00Z')).toBeNull();
    expect(parseEventTime('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
    expect(parseEventTime('2026-04-31T00:00:00Z')).toBeNull();
    expect(parseEventTime('2026-01-05T08:60:00Z')).toBeNull();
    expect(parseEventTime('2026-01-05T24:00:00Z')).toBeNull(); // rolls into the next day
    expect(parseEventTime('1969-12-31T23:59:59Z')).toBeNull();
    expect(parseEventTime('2026-01-05T08:00:00')).toBeNull(); // no zone: ambiguous
    expect(parseEventTime(1.5)).toBeNull();
    expect(parseEventTime(-1)).toBeNull();
  });

  it('accepts exactly what the Date.parse definition accepts, with the same instant', () => {
    fc.assert(
      fc.property(timeLike, (s) => parseEventTime(s) === reference(s)),
      { numRuns: 20_000 },
    );
    fc.assert(fc.property(fc.string(), (s) => parseEventTime(s) === reference(s)));
  });

  it('reads a UTC time from its characters as the regex path reads it (one character changed anywhere)', () => {
    // the character reading (utcMs) takes only times ending in Z/z; an offset +00:00 is the regex path's
    const changed = fc
      .tuple(timeLike, fc.nat(), fc.constantFrom('0', '5', '9', '/', ':', '-', '.', 'T', ' ', 'Z', 'z', 'a', '\u0660'))
      .map(([s, at, c]) => {
        const i = at % s.length;
        return s.slice(0, i) + c + s.slice(i + 1);
      });
    fc.assert(
      fc.property(fc.oneof(timeLike, changed), (s) => {
        expect(parseEventTime(s)).toBe(reference(s));
        if (/[Zz]$/.test(s)) expect(parseEventTime(s)).toBe(parseEventTime(`${s.slice(0, -1)}+00:00`));
      }),
      { numRuns: 20_000 },
    );
    expect(parseEventTime('1969-12-31T23:59:59.999Z')).toBeNull();
    expect(parseEventTime('0999-01-01T00:00:00Z')).toBeNull();
    expect(parseEventTime('2026-01-05T08:00:00.Z')).toBeNull();
    expect(parseEventTime('2026-01-05T08:00:00.1234567890Z')).toBeNull();
    expect(parseEventTime('2026-01-05T08:00:00.123456789Z')).toBe(Date.UTC(2026, 0, 5, 8) + 123);
  });
});
