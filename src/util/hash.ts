import { hash } from 'node:crypto';
import { canonicalText, recordJson, type RecordTexts, type ValueTexts } from './json.js';

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

/**
 * Short deterministic id: `prefix_` + first 20 hex of sha256 over the NUL-terminated parts. Made as one flat
 * string (join): `${prefix}_${hex.slice(0, 20)}` is a two-part string over a slice that keeps the whole 64-hex
 * digest alive, ~160 bytes instead of ~40 for every id kept (an incident's, a post's text hash).
 */
export function stableId(prefix: string, ...parts: readonly (string | number)[]): string {
  return idOfTerminated(prefix, nulTerminated(parts));
}

/** stableId's id of parts already NUL-terminated and joined (`nulTerminated`'s string). */
function idOfTerminated(prefix: string, terminated: string): string {
  return [prefix, hash('sha256', terminated, 'hex').slice(0, 20)].join('_');
}

/**
 * The id of an output record that says what it says: `prefix_` + hash of
 * everything in it but the id. Two records under one id are then one record,
 * however they were made (a file run, any partitioning, a restart, a rebuild,
 * a SIGTERM), and a re-emission of the same decision has the same id.
 * The record's canonical JSON without the id (what the id hashes) and its JSON
 * as JSON.stringify writes it fall out of one walk over the record
 * (src/util/json.ts recordJson) and are kept for `canonicalOf` (the evidence
 * log hashes the canonical JSON with the id, spliced in when asked) and
 * `jsonOf` (the sinks' line): each value serialised once. `shared`: texts made
 * once for values several records hold (src/policy/records.ts).
 */
export function contentId<T extends { id: string }>(prefix: string, record: T, shared?: readonly ValueTexts[]): T {
  let id = '';
  const texts = recordJson(
    record as Record<string, unknown>,
    // = stableId(prefix, withoutId), from the flat text recordJson made with the NUL (no copy of it for the hash)
    (terminated) => (id = idOfTerminated(prefix, terminated)),
    shared,
  );
  const out = { ...record, id };
  // a toJSON member would make JSON.stringify write something else: such a record's line is JSON.stringify's own
  const kept = typeof (out as { toJSON?: unknown }).toJSON === 'function' ? { ...texts, json: null } : texts;
  Object.defineProperty(out, TEXTS, { value: kept });
  return out;
}

/**
 * Each record contentId made holds its texts under this key (records are never changed after they are made):
 * not enumerable, so JSON.stringify, Object.keys, a spread, zod, structured clone and the tests' equality never
 * see it, and a copy of the record has none. Not a WeakMap keyed by the record: V8's scavenger keeps a young
 * key's value alive, so every output's texts were promoted to the old generation to die there (bench/core
 * measure.ts alloc `survived`).
 */
const TEXTS = Symbol('doxguard.recordTexts');
type KeptTexts = Omit<RecordTexts, 'json'> & { readonly json: string | null };
const textsOf = (record: object): KeptTexts | undefined => (record as { [TEXTS]?: KeptTexts })[TEXTS];

/** The canonical JSON (sortedJson) of a record made by contentId, if this is that very object. */
export function canonicalOf(record: object): string | undefined {
  const texts = textsOf(record);
  return texts && canonicalText(texts);
}

/**
 * `JSON.stringify(record)`: the sink's line. For a record contentId made, the text it made with the canonical
 * JSON from the same member texts (tests/unit/util/json.test.ts), so a record is serialised once, not twice.
 */
export function jsonOf(record: object): string {
  return textsOf(record)?.json ?? JSON.stringify(record);
}
