/** RFC 3339 date-time: full date, time, optional fraction, Z or numeric offset. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})$/;

/** Earliest and latest event times accepted (1970 .. 2200): anything else is a broken clock. */
const MIN_MS = 0;
const MAX_MS = Date.UTC(2200, 0, 1);

/** The same shape with its fields captured, for the fast path. */
const RFC3339_FIELDS =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

/** Parse an event time (RFC 3339 string or epoch ms); null when it cannot be a real instant. */
export function parseEventTime(value: string | number): number | null {
  let ms: number;
  if (typeof value === 'number') ms = value;
  else {
    const fast = fieldsToMs(value);
    if (fast !== undefined) ms = fast;
    else {
      if (!RFC3339.test(value)) return null;
      ms = Date.parse(value.replace(' ', 'T'));
      // Date.parse rolls 2026-02-30 over into March; reject dates that do not round-trip.
      if (Number.isNaN(ms) || !sameCalendarDay(value, ms)) return null;
    }
  }
  return Number.isInteger(ms) && ms >= MIN_MS && ms <= MAX_MS ? ms : null;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Every event's time is parsed, and Date.parse plus the round-trip check was
 * most of decoding's cost after JSON.parse: the common case (fields in range)
 * is computed from the digits here. Anything unusual (hour 24, a year before
 * 1000, an out-of-range field) returns undefined and takes the Date.parse path,
 * so the accepted set and the values stay exactly that path's (property-tested).
 */
function fieldsToMs(text: string): number | undefined {
  const f = RFC3339_FIELDS.exec(text);
  if (f === null) return undefined;
  const year = +f[1]!;
  const month = +f[2]!;
  const day = +f[3]!;
  const hour = +f[4]!;
  const minute = +f[5]!;
  const second = +f[6]!;
  if (year < 1000 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 1 : 0;
  if (day > DAYS_IN_MONTH[month - 1]! + leap) return undefined;
  // Date.parse keeps the first three fraction digits (truncating, not rounding).
  const fraction = f[7] === undefined ? 0 : +f[7].slice(0, 3).padEnd(3, '0');
  let offsetMinutes = 0;
  if (f[8] !== undefined) {
    const oh = +f[9]!;
    const om = +f[10]!;
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (f[8] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, fraction) - offsetMinutes * 60_000;
}

function sameCalendarDay(text: string, ms: number): boolean {
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(text);
  const shift = offset ? (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) * 60_000 : 0;
  return new Date(ms + shift).toISOString().slice(0, 10) === text.slice(0, 10);
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
