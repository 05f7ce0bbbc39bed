/** RFC 3339 date-time: full date, time, optional fraction, Z or numeric offset; fields captured. */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

/** Earliest and latest event times accepted (1970 .. 2200): anything else is a broken clock. */
const MIN_MS = 0;
const MAX_MS = Date.UTC(2200, 0, 1);

/** Parse an event time (RFC 3339 string or epoch ms); null when it cannot be a real instant. */
export function parseEventTime(value: string | number): number | null {
  let ms: number;
  if (typeof value === 'number') ms = value;
  else {
    // (most times are UTC: read from the characters, no match array of ten strings per event)
    const utc = utcMs(value);
    if (utc >= 0) ms = utc;
    else {
      const f = RFC3339.exec(value);
      if (f === null) return null;
      ms = fieldsToMs(f) ?? dateParse(value, f);
      if (Number.isNaN(ms)) return null;
    }
  }
  return Number.isInteger(ms) && ms >= MIN_MS && ms <= MAX_MS ? ms : null;
}

/** the digit at `i` of `s` (0–9), or -1 */
function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** the number written by the two digits at `i` of `s`, or -1 */
function two(s: string, i: number): number {
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/**
 * A UTC time as RFC3339 and fieldsToMs read it — `YYYY-MM-DD(T|t| )HH:MM:SS(.f{1,9})?(Z|z)`, every field in range
 * (year ≥ 1000, a day the month has, hour ≤ 23) — in epoch ms; -1 for anything else (the regex path decides then:
 * an offset, a field out of range, not a time). tests/unit/util/time.test.ts holds both paths to the same result.
 */
function utcMs(s: string): number {
  const n = s.length;
  if (n < 20 || n > 30) return -1;
  const z = s.charCodeAt(n - 1);
  if (z !== 90 && z !== 122) return -1; // Z z
  const t = s.charCodeAt(10);
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || (t !== 84 && t !== 116 && t !== 32)) return -1; // - - T t ' '
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return -1; // : :
  const hi = two(s, 0);
  const lo = two(s, 2);
  const month = two(s, 5);
  const day = two(s, 8);
  const hour = two(s, 11);
  const minute = two(s, 14);
  const second = two(s, 17);
  if (hi < 0 || lo < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return -1;
  let fraction = 0;
  if (n > 20) {
    // '.' and 1–9 digits, of which the first three count (Date.parse truncates)
    if (s.charCodeAt(19) !== 46 || n === 21) return -1;
    for (let i = 20; i < n - 1; i++) {
      const d = digit(s, i);
      if (d < 0) return -1;
      if (i < 23) fraction = fraction * 10 + d;
    }
    for (let i = n - 1; i < 23; i++) fraction *= 10;
  }
  const year = hi * 100 + lo;
  if (year < 1000 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return -1;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 1 : 0;
  if (day > DAYS_IN_MONTH[month - 1]! + leap) return -1;
  return Date.UTC(year, month - 1, day, hour, minute, second, fraction);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The numeric offset in minutes east of UTC (0 for Z). */
function offsetMinutes(f: RegExpExecArray): number {
  return f[8] === undefined ? 0 : (f[8] === '-' ? -1 : 1) * (+f[9]! * 60 + +f[10]!);
}

/**
 * Every event's time is parsed, and Date.parse plus the round-trip check was
 * most of decoding's cost after JSON.parse: the common case (fields in range)
 * is computed from the digits here. Anything unusual (hour 24, a year before
 * 1000, an out-of-range field) returns undefined and takes dateParse, so the
 * accepted set and the values stay exactly that path's (property-tested).
 */
function fieldsToMs(f: RegExpExecArray): number | undefined {
  const year = +f[1]!;
  const month = +f[2]!;
  const day = +f[3]!;
  const hour = +f[4]!;
  const minute = +f[5]!;
  const second = +f[6]!;
  if (year < 1000 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 1 : 0;
  if (day > DAYS_IN_MONTH[month - 1]! + leap) return undefined;
  if (f[8] !== undefined && (+f[9]! > 23 || +f[10]! > 59)) return undefined;
  // Date.parse keeps the first three fraction digits (truncating, not rounding).
  const fraction = f[7] === undefined ? 0 : +f[7].slice(0, 3).padEnd(3, '0');
  return Date.UTC(year, month - 1, day, hour, minute, second, fraction) - offsetMinutes(f) * 60_000;
}

/** Date.parse's reading, NaN unless the date round-trips (Date.parse rolls 2026-02-30 over into March). */
function dateParse(text: string, f: RegExpExecArray): number {
  const ms = Date.parse(text.replace(' ', 'T'));
  if (Number.isNaN(ms)) return ms;
  const localDay = new Date(ms + offsetMinutes(f) * 60_000).toISOString().slice(0, 10);
  return localDay === text.slice(0, 10) ? ms : Number.NaN;
}

export function isoTime(ms: number): string {
  // the records of one event or tick share its time (a tick snapshots many incidents at one watermark)
  if (ms !== lastMs) {
    lastIso = new Date(ms).toISOString(); // throws for a time out of Date's range: the cache is left as it was
    lastMs = ms;
  }
  return lastIso;
}
let lastMs = Number.NaN;
let lastIso = '';
