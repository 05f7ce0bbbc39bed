/**
 * An exact, compact copy of a tree of plain values as one string: what a cold incident keeps of its detector
 * states (src/pipeline/detector-runner.ts) until its next event. `unpack(pack(x))` has x's values (every
 * number bit for bit, -0 and NaN included), its key order, Map and Set order, its frozen objects frozen, the
 * objects it shares within itself shared once, and the `shared` instances themselves (the shared empty
 * Map/Set: identity matters to their holders). Object keys are written once per distinct key list (a shape
 * table kept for the process), strings once per packed value, numbers as varints when they are small
 * integers: a one-post incident's ten detector states take ~0.4 KB instead of ~4 KB as objects.
 *
 * Handles undefined, null, booleans, numbers, strings, arrays (holes kept), plain objects, Maps and Sets;
 * anything else (a class instance, a function, a typed array) makes `pack` return null: the caller keeps
 * the value as it is.
 */

const enum Tag {
  Undefined,
  Null,
  False,
  True,
  Int, // non-negative integer, varint
  NegInt, // negative integer (not -0), varint of its magnitude
  Float, // 8 bytes, little-endian
  Str, // one-byte string: varint length, bytes
  WideStr, // varint length, two bytes per code unit
  StrRef, // varint index of a string written earlier in this value
  Arr, // varint length, items
  Hole,
  Obj, // varint shape id, values
  ObjKeys, // varint key count, keys (as strings), values: the shape table is full
  MapT, // varint size, key and value pairs
  SetT, // varint size, items
  Ref, // varint index of an object written earlier in this value
  Shared, // varint index into `shared`
  Frozen, // the object that follows is frozen
}

/** key lists remembered (each with a compiled reader, ~1 KB); past it, objects carry their keys */
const MAX_SHAPES = 4096;
const MAX_DEPTH = 256;
/** key lists by their first key (then compared key by key): no joined string per object packed */
const shapesByFirst = new Map<string | undefined, { readonly keys: readonly string[]; readonly id: number }[]>();
const shapes: (readonly string[])[] = [];
/** per shape, a function reading its values into an object literal (one hidden class, as the object had) */
const makers: (((r: Reader) => object) | null)[] = [];

function shapeOf(keys: readonly string[]): number | undefined {
  let list = shapesByFirst.get(keys[0]);
  if (list !== undefined)
    for (const s of list) if (s.keys.length === keys.length && s.keys.every((k, i) => k === keys[i])) return s.id;
  if (shapes.length >= MAX_SHAPES) return undefined;
  if (list === undefined) shapesByFirst.set(keys[0], (list = []));
  const id = shapes.length;
  shapes.push(keys);
  list.push({ keys, id });
  // `__proto__` in a literal would set the prototype: such a shape is read key by key
  makers.push(
    keys.includes('__proto__')
      ? null
      : (new Function('r', `return {${keys.map((k) => `${JSON.stringify(k)}: r.value()`).join(', ')}};`) as (
          r: Reader,
        ) => object),
  );
  return id;
}

/** a character beyond latin1: the string is written two bytes per code unit */
// eslint-disable-next-line no-control-regex -- the latin1 range, U+0000 included, on purpose
const WIDE = /[^\u0000-\u00ff]/;
const f64 = new Float64Array(1);
const f64Bytes = new Uint8Array(f64.buffer);

class Unpackable extends Error {}

class Writer {
  /** one buffer for every pack (packing is synchronous and not re-entered): no allocation per value */
  buf = Buffer.allocUnsafeSlow(4096);
  n = 0;
  /** the `shared` instances of the current pack (-1 - their index) */
  shared: ReadonlyMap<unknown, number> = new Map();
  /** objects written so far, numbered in the order they were finished (children before their holder) */
  readonly objects = new Map<object, number>();
  /** nesting depth: a value nested deeper than MAX_DEPTH is not packed (a cycle would nest forever) */
  depth = 0;
  readonly strings = new Map<string, number>();

  reset(shared: ReadonlyMap<unknown, number>): void {
    this.n = 0;
    this.depth = 0;
    this.shared = shared;
    this.objects.clear();
    this.strings.clear();
    // a buffer grown for one large value is not kept
    if (this.buf.length > 1 << 20) this.buf = Buffer.allocUnsafeSlow(4096);
  }

  /** Room for `k` more bytes. */
  room(k: number): void {
    if (this.n + k <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.n + k));
    this.buf.copy(bigger, 0, 0, this.n);
    this.buf = bigger;
  }

  byte(b: number): void {
    if (this.n === this.buf.length) this.room(1);
    this.buf[this.n++] = b;
  }

  varint(x: number): void {
    while (x >= 128) {
      this.byte((x % 128) + 128);
      x = Math.floor(x / 128);
    }
    this.byte(x);
  }

  string(s: string): void {
    const seen = this.strings.get(s);
    if (seen !== undefined) {
      this.byte(Tag.StrRef);
      this.varint(seen);
      return;
    }
    this.strings.set(s, this.strings.size);
    const wide = WIDE.test(s);
    this.byte(wide ? Tag.WideStr : Tag.Str);
    this.varint(s.length);
    if (!wide) {
      this.room(s.length);
      this.n += this.buf.write(s, this.n, 'latin1');
      return;
    }
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      this.byte(c >> 8);
      this.byte(c & 255);
    }
  }

  value(v: unknown): void {
    switch (typeof v) {
      case 'undefined':
        return this.byte(Tag.Undefined);
      case 'boolean':
        return this.byte(v ? Tag.True : Tag.False);
      case 'string':
        return this.string(v);
      case 'number':
        if (Number.isSafeInteger(v) && !Object.is(v, -0)) {
          this.byte(v >= 0 ? Tag.Int : Tag.NegInt);
          return this.varint(Math.abs(v));
        }
        f64[0] = v;
        this.byte(Tag.Float);
        for (let i = 0; i < 8; i++) this.byte(f64Bytes[i]!);
        return;
      case 'object':
        if (v === null) return this.byte(Tag.Null);
        return this.object(v);
      default:
        throw new Unpackable();
    }
  }

  object(o: object): void {
    const shared = this.shared.get(o);
    if (shared !== undefined) {
      this.byte(Tag.Shared);
      return this.varint(-1 - shared);
    }
    const seen = this.objects.get(o);
    if (seen !== undefined) {
      this.byte(Tag.Ref);
      return this.varint(seen);
    }
    if (++this.depth > MAX_DEPTH) throw new Unpackable();
    this.body(o);
    this.depth--;
    this.objects.set(o, this.objects.size);
  }

  body(o: object): void {
    if (Object.isFrozen(o)) this.byte(Tag.Frozen);
    if (Array.isArray(o)) {
      this.byte(Tag.Arr);
      this.varint(o.length);
      for (let i = 0; i < o.length; i++)
        if (o[i] === undefined && !(i in o)) this.byte(Tag.Hole);
        else this.value(o[i]);
      return;
    }
    const proto = Object.getPrototypeOf(o) as unknown;
    if (proto === Map.prototype) {
      const m = o as Map<unknown, unknown>;
      this.byte(Tag.MapT);
      this.varint(m.size);
      for (const [k, x] of m) {
        this.value(k);
        this.value(x);
      }
      return;
    }
    if (proto === Set.prototype) {
      const s = o as Set<unknown>;
      this.byte(Tag.SetT);
      this.varint(s.size);
      for (const x of s) this.value(x);
      return;
    }
    if (proto !== Object.prototype) throw new Unpackable();
    const keys = Object.keys(o);
    const id = shapeOf(keys);
    if (id === undefined) {
      this.byte(Tag.ObjKeys);
      this.varint(keys.length);
      for (const k of keys) this.string(k);
    } else {
      this.byte(Tag.Obj);
      this.varint(id);
    }
    const rec = o as Record<string, unknown>;
    for (const k of keys) this.value(rec[k]);
  }
}

const writer = new Writer();

/** `value` as one string (see the file comment), or null when it holds something other than plain values. */
export function pack(value: unknown, shared: readonly unknown[] = []): string | null {
  const w = writer;
  w.reset(sharedIndex(shared));
  try {
    w.value(value);
  } catch (e) {
    if (e instanceof Unpackable) return null;
    throw e;
  }
  return w.buf.toString('latin1', 0, w.n);
}

const indices = new WeakMap<readonly unknown[], ReadonlyMap<unknown, number>>();
/** `shared` as a Map from instance to -1 - its index, made once per list. */
function sharedIndex(shared: readonly unknown[]): ReadonlyMap<unknown, number> {
  let m = indices.get(shared);
  if (m === undefined) {
    const index = new Map<unknown, number>();
    shared.forEach((x, i) => {
      if (!index.has(x)) index.set(x, -1 - i);
    });
    indices.set(shared, (m = index));
  }
  return m;
}

export class Reader {
  i = 0;
  readonly objects: object[] = [];
  readonly strings: string[] = [];
  constructor(
    readonly s: string,
    readonly shared: readonly unknown[],
  ) {}

  byte(): number {
    return this.s.charCodeAt(this.i++);
  }

  varint(): number {
    let x = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      x += (b & 127) * scale;
      if (b < 128) return x;
      scale *= 128;
    }
  }

  text(wide: boolean): string {
    const n = this.varint();
    let out: string;
    if (!wide) out = this.s.slice(this.i, (this.i += n));
    else {
      const codes = new Array<number>(n);
      for (let k = 0; k < n; k++) codes[k] = (this.byte() << 8) | this.byte();
      out = String.fromCharCode(...codes);
    }
    this.strings.push(out);
    return out;
  }

  value(): unknown {
    const tag = this.byte() as Tag;
    switch (tag) {
      case Tag.Undefined:
        return undefined;
      case Tag.Null:
        return null;
      case Tag.False:
        return false;
      case Tag.True:
        return true;
      case Tag.Int:
        return this.varint();
      case Tag.NegInt:
        return -this.varint();
      case Tag.Float:
        for (let k = 0; k < 8; k++) f64Bytes[k] = this.byte();
        return f64[0];
      case Tag.Str:
        return this.text(false);
      case Tag.WideStr:
        return this.text(true);
      case Tag.StrRef:
        return this.strings[this.varint()];
      case Tag.Ref:
        return this.objects[this.varint()];
      case Tag.Shared:
        return this.shared[this.varint()];
      case Tag.Frozen:
        return Object.freeze(this.value() as object);
      default:
        return this.object(tag);
    }
  }

  keyed(keys: readonly string[]): object {
    const o: Record<string, unknown> = {};
    for (const k of keys)
      Object.defineProperty(o, k, { value: this.value(), writable: true, enumerable: true, configurable: true });
    return o;
  }

  object(tag: Tag): object {
    switch (tag) {
      case Tag.Arr: {
        const a = new Array<unknown>(this.varint());
        for (let k = 0; k < a.length; k++)
          if (this.s.charCodeAt(this.i) === Tag.Hole) this.i++;
          else a[k] = this.value();
        this.objects.push(a);
        return a;
      }
      case Tag.MapT: {
        const m = new Map<unknown, unknown>();
        for (let n = this.varint(); n > 0; n--) m.set(this.value(), this.value());
        this.objects.push(m);
        return m;
      }
      case Tag.SetT: {
        const s = new Set<unknown>();
        for (let n = this.varint(); n > 0; n--) s.add(this.value());
        this.objects.push(s);
        return s;
      }
      case Tag.Obj: {
        const id = this.varint();
        const make = makers[id];
        const o = make ? make(this) : this.keyed(shapes[id]!);
        this.objects.push(o);
        return o;
      }
      case Tag.ObjKeys: {
        const keys = new Array<string>(this.varint());
        for (let k = 0; k < keys.length; k++) keys[k] = this.value() as string;
        const o = this.keyed(keys);
        this.objects.push(o);
        return o;
      }
      default:
        throw new Error(`doxguard: corrupt packed value (tag ${tag as number} at ${this.i - 1})`);
    }
  }
}

/** The value `pack` made `s` from (with the same `shared` list). */
export function unpack(s: string, shared: readonly unknown[] = []): unknown {
  return new Reader(s, shared).value();
}
