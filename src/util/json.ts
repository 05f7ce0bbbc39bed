/**
 * The two texts of an output record: its canonical JSON (keys sorted at every level: the content id hashes it, the
 * evidence log hashes it again) and its JSON as `JSON.stringify` writes it (keys in the record's order: the line a
 * sink writes). Most members read the same in both (strings, numbers, arrays of ids, objects whose keys are in
 * order already), so each member is serialised once and its text used for both; only a member holding an object
 * whose keys are out of order (reasons, participants, dimensions, …) is written a second time, natively.
 */

/** set by sortedJson when JSON.stringify of the value it is writing could read otherwise (see `recordJson`) */
let differs = false;

/**
 * JSON with object keys sorted at every level: one byte string per value, whatever the key order. Runs for every
 * output record, so written as loops appending to one string (the map/filter/join chain it replaces built four
 * arrays per object): the same bytes as src/evidence's plainly written canonicalJson for any JSON value. Arrays of
 * primitives (most of a record's bytes: ids) take one native JSON.stringify, keys already in order are not sorted
 * again, and each key's quoted form is made once.
 */
export function sortedJson(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    if (hasToJson(value)) differs = true;
    else if (primitivesOnly(value)) return JSON.stringify(value);
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + sortedJson(value[i]);
    return out + ']';
  }
  const obj = value as Record<string, unknown>;
  // JSON.stringify would call a toJSON, unwrap a boxed primitive: such a value is not written alike
  if (!differs && (Object.getPrototypeOf(obj) !== Object.prototype || hasToJson(obj))) differs = true;
  const keys = Object.keys(obj);
  for (let i = 1; i < keys.length; i++)
    if (keys[i - 1]! > keys[i]!) {
      sortKeys(keys);
      differs = true;
      break;
    }
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = obj[k];
    if (v === undefined) continue;
    // JSON.stringify leaves such a member out; sortedJson has always written it as null
    if (typeof v === 'function' || typeof v === 'symbol') differs = true;
    out += (out.length === 1 ? '' : ',') + memberKey(k) + sortedJson(v);
  }
  return out + '}';
}

/**
 * Sorts distinct keys in place as `keys.sort()` does (UTF-16 code units: what `<` compares). An output object has
 * a handful of keys, mostly in order already: insertion needs no work array, which the native sort allocates on
 * every call (its largest allocation site in the pipeline). A long list still takes the native sort.
 */
function sortKeys(keys: string[]): void {
  if (keys.length > 24) {
    keys.sort();
    return;
  }
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i]!;
    let j = i - 1;
    for (; j >= 0 && keys[j]! > k; j--) keys[j + 1] = keys[j]!;
    keys[j + 1] = k;
  }
}

/** Strings, numbers, booleans and nulls only: JSON.stringify writes such an array as sortedJson would. */
function primitivesOnly(values: readonly unknown[]): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const t = typeof v;
    if (v !== null && t !== 'string' && t !== 'number' && t !== 'boolean') return false;
  }
  return true;
}

const hasToJson = (v: object): boolean => typeof (v as { toJSON?: unknown }).toJSON === 'function';

/**
 * Output records have a few dozen key names: each one's member prefix (`"key":`, its JSON and the colon) made once
 * (bounded, whatever a caller passes), not two new strings per member written.
 */
const MEMBER_KEYS = new Map<string, string>();
function memberKey(k: string): string {
  let q = MEMBER_KEYS.get(k);
  if (q === undefined) {
    q = `${JSON.stringify(k)}:`;
    if (MEMBER_KEYS.size < 4096) MEMBER_KEYS.set(k, q);
  }
  return q;
}

/** A record's texts once its id is known. */
export interface RecordTexts {
  /** sortedJson of the record, id included */
  readonly canonical: string;
  /** JSON.stringify of `{ ...record, id }` */
  readonly json: string;
}

/**
 * The texts of `{ ...record, id }` where `id = idOf(sortedJson of the record without its id)`: the id is spliced
 * into both texts where it sorts (canonical) and where the record has it (JSON; at the end when it has none).
 * Undefined members are left out of both, as both serialisations do.
 */
export function recordJson(record: Record<string, unknown>, idOf: (withoutId: string) => string): RecordTexts {
  const keys = Object.keys(record);
  // each member's text in the record's order: canonical, and JSON.stringify's (the same string when they agree)
  const sorted: string[] = new Array<string>(keys.length);
  const plain: string[] = new Array<string>(keys.length);
  let idAt = -1;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (k === 'id') {
      idAt = i;
      sorted[i] = plain[i] = '';
      continue;
    }
    const v = record[k];
    if (v === undefined) {
      sorted[i] = plain[i] = '';
      continue;
    }
    differs = false;
    const member = memberKey(k);
    sorted[i] = member + sortedJson(v);
    if (!differs && typeof v !== 'function' && typeof v !== 'symbol') plain[i] = sorted[i]!;
    else {
      const text = JSON.stringify(v) as string | undefined;
      plain[i] = text === undefined ? '' : member + text;
    }
  }
  // canonical: members by key, the id spliced in where it sorts. Joined, not appended: the texts come out flat, so
  // the many small strings the members were made of die young instead of being held (and copied by each scavenge)
  // until a sink writes them
  // (the members' indexes by key, by insertion as in sortKeys: a record has a few dozen keys at most)
  const order: number[] = [];
  for (let i = 0; i < keys.length; i++) {
    let j = i - 1;
    for (; j >= 0 && keys[order[j]!]! > keys[i]!; j--) order[j + 1] = order[j]!;
    order[j + 1] = i;
  }
  const parts: string[] = [];
  let idPos = 0;
  for (const i of order) {
    if (sorted[i] === '') continue;
    if (keys[i]! < 'id') idPos++;
    parts.push(sorted[i]!);
  }
  const idMember = `"id":${JSON.stringify(idOf(`{${parts.join(',')}}`))}`;
  parts.splice(idPos, 0, idMember);
  const canonical = `{${parts.join(',')}}`;
  parts.length = 0;
  for (let i = 0; i < keys.length; i++) {
    const text = i === idAt ? idMember : plain[i]!;
    if (text !== '') parts.push(text);
  }
  if (idAt === -1) parts.push(idMember);
  return { canonical, json: `{${parts.join(',')}}` };
}
