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
    const f = RFC3339.exec(value);
    if (f === null) return null;
    ms = fieldsToMs(f) ?? dateParse(value, f);
    if (Number.isNaN(ms)) return null;
  }
  return Number.isInteger(ms) && ms >= MIN_MS && ms <= MAX_MS ? ms : null;
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
