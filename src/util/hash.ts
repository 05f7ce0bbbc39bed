import { hash } from 'node:crypto';

/**
 * The parts of a deterministic hash, each followed by a NUL (so `("ab","c")`
 * and `("a","bc")` differ), as one string: hashed one-shot with `crypto.hash`
 * (2.6× cheaper than a createHash object per id), the digest is the same as
 * hashing part by part.
 */
export function nulTerminated(parts: readonly (string | number)[]): string {
  let joined = '';
  for (const p of parts) joined += `${p}\u0000`;
  return joined;
}

/** Short deterministic id: `prefix_` + first 20 hex of sha256 over the NUL-terminated parts. */
export function stableId(prefix: string, ...parts: readonly (string | number)[]): string {
  return `${prefix}_${hash('sha256', nulTerminated(parts), 'hex').slice(0, 20)}`;
}

/**
 * JSON with object keys sorted at every level: one byte string per value, whatever the key order. Runs for every
 * output record's id, so written as loops appending to one string (the map/filter/join chain it replaces built
 * four arrays per object); the same bytes.
 */
export function sortedJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + sortedJson(value[i]);
    return out + ']';
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    out += (first ? '' : ',') + JSON.stringify(k) + ':' + sortedJson(v);
    first = false;
  }
  return out + '}';
}

/**
 * The id of an output record that says what it says: `prefix_` + hash of
 * everything in it but the id. Two records under one id are then one record,
 * however they were made (a file run, any partitioning, a restart, a rebuild,
 * a SIGTERM), and a re-emission of the same decision has the same id.
 * The record's own canonical JSON (id included) falls out of the same pass and
 * is kept for `canonicalOf` (the evidence log hashes it: one serialisation, not two).
 */
export function contentId<T extends { id: string }>(prefix: string, record: T): T {
  const { id: _id, ...rest } = record;
  const obj = rest as Record<string, unknown>;
  // members sorting before "id" and after it: sortedJson(rest) is their join, the full record's splices id between
  let before = '';
  let after = '';
  for (const k of Object.keys(obj).sort()) {
    const v = obj[k];
    if (v === undefined) continue;
    const member = JSON.stringify(k) + ':' + sortedJson(v);
    if (k < 'id') before += (before === '' ? '' : ',') + member;
    else after += (after === '' ? '' : ',') + member;
  }
  const id = stableId(prefix, `{${before}${before !== '' && after !== '' ? ',' : ''}${after}}`);
  const out = { ...record, id };
  CANONICAL.set(
    out,
    `{${before}${before === '' ? '' : ','}"id":${JSON.stringify(id)}${after === '' ? '' : ','}${after}}`,
  );
  return out;
}

/** Each record contentId made, with its canonical JSON (records are never changed after they are made). */
const CANONICAL = new WeakMap<object, string>();

/** The canonical JSON (sortedJson) of a record made by contentId, if this is that very object. */
export function canonicalOf(record: object): string | undefined {
  return CANONICAL.get(record);
}
