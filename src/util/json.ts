/**
 * The two texts of an output record: its canonical JSON (keys sorted at every level: the content id hashes it, the
 * evidence log hashes it again) and its JSON as `JSON.stringify` writes it (keys in the record's order: the line a
 * sink writes). Both come out of one walk over the record (bothJson): each string, number and array of ids is
 * written once and its text used in both; an object whose keys are out of order (reasons, participants,
 * dimensions, …) has its members written once and joined in both orders.
 */

/**
 * JSON with object keys sorted at every level: one byte string per value, whatever the key order. Written as
 * loops appending to one string (the map/filter/join chain it replaces built four arrays per object): the same
 * bytes as src/evidence's plainly written canonicalJson for any JSON value. Arrays of primitives take one native
 * JSON.stringify, keys already in order are not sorted again, and each key's quoted form is made once.
 */
export function sortedJson(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    // (JSON.stringify would call a toJSON: such an array is walked)
    if (!hasToJson(value) && primitivesOnly(value)) return JSON.stringify(value);
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + sortedJson(value[i]);
    return out + ']';
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  for (let i = 1; i < keys.length; i++)
    if (keys[i - 1]! > keys[i]!) {
      sortKeys(keys);
      break;
    }
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = obj[k];
    if (v === undefined) continue;
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

/**
 * Set by bothJson: JSON.stringify's text of the value whose sorted text it returned, `plainIsSorted` when the two
 * are the very same string (most values: no object with keys out of order inside).
 */
let plain = '';
let plainIsSorted = true;
/** Set by bothJson when JSON.stringify could write a value otherwise than `plain` says: its caller asks JSON.stringify. */
let exotic = false;

/**
 * sortedJson's text of a value, and JSON.stringify's in `plain`, in one walk: each string, number and array of
 * primitives is written once and its text used in both; an object with keys out of order has its members written
 * once and joined twice (sorted, and in its own order). A value JSON.stringify could write otherwise (a toJSON,
 * a boxed primitive, a function or symbol member, an object of another prototype) sets `exotic`, and its plain
 * text is then not to be used.
 */
function bothJson(value: unknown): string {
  plainIsSorted = true;
  if (typeof value === 'string') return (plain = JSON.stringify(value));
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function' || typeof value === 'symbol') exotic = true;
    return (plain = JSON.stringify(value) ?? 'null');
  }
  if (Array.isArray(value)) {
    if (hasToJson(value)) exotic = true;
    else if (primitivesOnly(value)) return (plain = JSON.stringify(value));
    let s = '[';
    // the plain text, once it parts from the sorted one (null: the same so far)
    let p: string | null = null;
    for (let i = 0; i < value.length; i++) {
      const sep = i === 0 ? '' : ',';
      const t = bothJson(value[i]);
      if (p === null && !plainIsSorted) p = s;
      s += sep + t;
      if (p !== null) p += sep + plain;
    }
    return settle(s + ']', p === null ? null : p + ']');
  }
  const obj = value as Record<string, unknown>;
  if (Object.getPrototypeOf(obj) !== Object.prototype || hasToJson(obj)) exotic = true;
  const keys = Object.keys(obj);
  let inOrder = true;
  for (let i = 1; i < keys.length; i++)
    if (keys[i - 1]! > keys[i]!) {
      inOrder = false;
      break;
    }
  if (inOrder) {
    let s = '{';
    let p: string | null = null;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const v = obj[k];
      if (v === undefined) continue;
      const sep = s.length === 1 ? '' : ',';
      const member = memberKey(k);
      const t = bothJson(v);
      if (p === null && !plainIsSorted) p = s;
      s += sep + member + t;
      if (p !== null) p += sep + member + plain;
    }
    return settle(s + '}', p === null ? null : p + '}');
  }
  // keys out of order: each member written once, joined in the object's order here and by key below. The member
  // texts wait on a stack shared by every level of the walk (slots [base, base + n) are this object's; the values
  // written meanwhile put theirs above), not in a list per object: a snapshot's 20 participants are such objects.
  const n = keys.length;
  const base = stackTop;
  stackTop = base + n;
  while (memberStack.length < stackTop) memberStack.push('');
  let p = '{';
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    const v = obj[k];
    if (v === undefined) {
      memberStack[base + i] = '';
      continue;
    }
    const member = memberKey(k);
    const text = member + bothJson(v);
    memberStack[base + i] = text;
    p += (p.length === 1 ? '' : ',') + (plainIsSorted ? text : member + plain);
  }
  let s = '{';
  const order = orderByKey(keys);
  for (let o = 0; o < n; o++) {
    const text = memberStack[base + order[o]!]!;
    if (text !== '') s += (s.length === 1 ? '' : ',') + text;
  }
  // (the texts let go: the stack keeps no record's strings alive)
  for (let i = base; i < stackTop; i++) memberStack[i] = '';
  stackTop = base;
  return settle(s + '}', p + '}');
}

/** bothJson's stack of member texts (see its out-of-order branch) and its top; reset by each walk's caller. */
const memberStack: string[] = [];
let stackTop = 0;

/** bothJson's result: the sorted text, with the plain one beside it (null: the same string). */
function settle(sorted: string, plainText: string | null): string {
  plainIsSorted = plainText === null;
  plain = plainText ?? sorted;
  return sorted;
}

/**
 * The indexes of `keys` in sorted order (insertion, as in sortKeys: an object of a record has a few dozen keys), in
 * the first `keys.length` items of one scratch list: read them before the next call (no list per object).
 */
function orderByKey(keys: readonly string[]): readonly number[] {
  const order = ORDER;
  for (let i = 0; i < keys.length; i++) {
    let j = i - 1;
    for (; j >= 0 && keys[order[j]!]! > keys[i]!; j--) order[j + 1] = order[j]!;
    order[j + 1] = i;
  }
  return order;
}
const ORDER: number[] = [];

/** A value's two texts (bothJson), made once for the several records that hold that very value. */
export interface ValueTexts {
  readonly value: object;
  /** sortedJson of the value */
  readonly sorted: string;
  /** JSON.stringify of the value */
  readonly plain: string;
}

/**
 * The texts of a value several records will hold (the shared parts of one evaluation's commands:
 * src/policy/records.ts); null when JSON.stringify could write it otherwise than plainly (it is then not shared).
 * The value must not change while records are made from it (records never change once made).
 */
export function valueTexts(value: object): ValueTexts | null {
  exotic = false;
  stackTop = 0; // (a walk that threw left it where it was)
  const sorted = bothJson(value);
  return exotic ? null : { value, sorted, plain };
}

/** A record's texts once its id is known. */
export interface RecordTexts {
  /** sortedJson of the record without its id: what the id hashes */
  readonly withoutId: string;
  /** where the id's member goes in `withoutId` (a character offset, before a comma or the closing brace) */
  readonly idAt: number;
  /** `"id":…` */
  readonly idMember: string;
  /** JSON.stringify of `{ ...record, id }` */
  readonly json: string;
}

/** sortedJson of `{ ...record, id }`: the id's member spliced into the texts the id was made from. */
export function canonicalText(t: Pick<RecordTexts, 'withoutId' | 'idAt' | 'idMember'>): string {
  if (t.withoutId.length === 2) return `{${t.idMember}}`;
  if (t.idAt === 1) return `{${t.idMember},${t.withoutId.slice(1)}`;
  return `${t.withoutId.slice(0, t.idAt)},${t.idMember}${t.withoutId.slice(t.idAt)}`;
}

/**
 * The texts of `{ ...record, id }` where `id = idOf(sortedJson of the record without its id)`: the id goes where
 * it sorts (canonical: made on demand by canonicalText, which only the evidence log asks for) and where the record
 * has it (JSON; at the end when it has none). Undefined members are left out of both, as both serialisations do.
 * A member that is the very value of one of `shared` takes its texts from there, not written again.
 * `idOf` is handed that text with a NUL after it, one flat string (what src/util/hash's ids hash: a record's
 * text is a few KB, and appending the NUL to it there made a copy of it for the hash to read).
 */
export function recordJson(
  record: Record<string, unknown>,
  idOf: (nulTerminated: string) => string,
  shared: readonly ValueTexts[] = NONE,
): RecordTexts {
  const keys = Object.keys(record);
  stackTop = 0; // (a walk that threw left it where it was)
  // each member's text in the record's order: canonical, and JSON.stringify's (the same string when they agree)
  const sorted: string[] = new Array<string>(keys.length);
  const plainTexts: string[] = new Array<string>(keys.length);
  let idIndex = -1;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (k === 'id') {
      idIndex = i;
      sorted[i] = plainTexts[i] = '';
      continue;
    }
    const v = record[k];
    if (v === undefined) {
      sorted[i] = plainTexts[i] = '';
      continue;
    }
    const member = memberKey(k);
    const known = typeof v === 'object' && v !== null ? sharedTexts(shared, v) : null;
    if (known !== null) {
      sorted[i] = member + known.sorted;
      plainTexts[i] = known.sorted === known.plain ? sorted[i]! : member + known.plain;
      continue;
    }
    exotic = false;
    sorted[i] = member + bothJson(v);
    if (!exotic) plainTexts[i] = plainIsSorted ? sorted[i]! : member + plain;
    else {
      const text = JSON.stringify(v) as string | undefined;
      plainTexts[i] = text === undefined ? '' : member + text;
    }
  }
  // canonical without the id: members by key. Joined, not appended: the texts come out flat, so the many small
  // strings the members were made of die young instead of being held (and copied by each scavenge) until a sink
  // writes them. The braces (and the NUL) go into the joined list's first and last items, so that the join makes
  // the one flat string (a brace added to a joined text is a cons string over it, copied again when flattened).
  // One list of exactly the size either text needs (the members and the id), for both joins.
  const parts = new Array<string>(keys.length + 1);
  let n = 0;
  let idAt = 1;
  const order = orderByKey(keys);
  for (let o = 0; o < keys.length; o++) {
    const i = order[o]!;
    if (sorted[i] === '') continue;
    if (keys[i]! < 'id') idAt += (n === 0 ? 0 : 1) + sorted[i]!.length;
    parts[n++] = sorted[i]!;
  }
  const terminated = braced(parts, n, '}\u0000');
  const withoutId = terminated.slice(0, -1);
  const idMember = `"id":${JSON.stringify(idOf(terminated))}`;
  n = 0;
  for (let i = 0; i < keys.length; i++) {
    const text = i === idIndex ? idMember : plainTexts[i]!;
    if (text !== '') parts[n++] = text;
  }
  if (idIndex === -1) parts[n++] = idMember;
  return { withoutId, idAt, idMember, json: braced(parts, n, '}') };
}

/**
 * `{` + the first `n` of `parts` joined by commas + `close`, made by the join as one flat string. `parts` is the
 * caller's scratch: it is cut to `n` items, its first and last left with the braces on.
 */
function braced(parts: string[], n: number, close: string): string {
  if (n === 0) return `{${close}`;
  parts.length = n;
  parts[0] = `{${parts[0]!}`;
  parts[n - 1] += close;
  return parts.join(',');
}

const NONE: readonly ValueTexts[] = [];

function sharedTexts(shared: readonly ValueTexts[], v: object): ValueTexts | null {
  for (let i = 0; i < shared.length; i++) if (shared[i]!.value === v) return shared[i]!;
  return null;
}
