/**
 * One shared, always-empty Map and Set for per-incident collections that most incidents never fill (commands,
 * peers, a detector's rare categories): a fresh empty Map costs ~180 bytes and a Set ~140, kept for hours
 * per live incident, and most live incidents are one-post cascades that never carry a signal. Readers read the
 * shared instance as they would their own; a writer takes its own first, `(x.m = ownMap(x.m)).set(k, v)`.
 * Adding to the shared instance throws, so a writer that forgot would fail loudly rather than share state.
 */
class EmptyMap<K, V> extends Map<K, V> {
  override set(): this {
    throw new Error('doxguard: write to the shared empty Map (take ownMap first)');
  }
}
class EmptySet<T> extends Set<T> {
  override add(): this {
    throw new Error('doxguard: write to the shared empty Set (take ownSet first)');
  }
}
const EMPTY_MAP: Map<unknown, unknown> = new EmptyMap();
const EMPTY_SET: Set<unknown> = new EmptySet();

/** The shared empty Map, typed for its field. */
export const emptyMap = <K, V>(): Map<K, V> => EMPTY_MAP as Map<K, V>;
/** The shared empty Set, typed for its field. */
export const emptySet = <T>(): Set<T> => EMPTY_SET as Set<T>;
/** `m` itself when it is the holder's own, a new Map when it is the shared empty one. */
export const ownMap = <K, V>(m: Map<K, V>): Map<K, V> => (m === EMPTY_MAP ? new Map<K, V>() : m);
/** `s` itself when it is the holder's own, a new Set when it is the shared empty one. */
export const ownSet = <T>(s: Set<T>): Set<T> => (s === EMPTY_SET ? new Set<T>() : s);
