/** RFC 3339 date-time: full date, time, optional fraction, Z or numeric offset. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})$/;

/** Earliest and latest event times accepted (1970 .. 2200): anything else is a broken clock. */
const MIN_MS = 0;
const MAX_MS = Date.UTC(2200, 0, 1);

/** Parse an event time (RFC 3339 string or epoch ms); null when it cannot be a real instant. */
export function parseEventTime(value: string | number): number | null {
  let ms: number;
  if (typeof value === 'number') ms = value;
  else {
    if (!RFC3339.test(value)) return null;
    ms = Date.parse(value.replace(' ', 'T'));
    // Date.parse rolls 2026-02-30 over into March; reject dates that do not round-trip.
    if (Number.isNaN(ms) || !sameCalendarDay(value, ms)) return null;
  }
  return Number.isInteger(ms) && ms >= MIN_MS && ms <= MAX_MS ? ms : null;
}

function sameCalendarDay(text: string, ms: number): boolean {
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(text);
  const shift = offset ? (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) * 60_000 : 0;
  return new Date(ms + shift).toISOString().slice(0, 10) === text.slice(0, 10);
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
