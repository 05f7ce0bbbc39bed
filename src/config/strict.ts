import type { z } from 'zod';

/**
 * Unknown keys in a config layer. zod objects strip what they do not know, so
 * `metrics: {enabeld: true}` used to pass as "valid" with metrics left off.
 * This walks a layer (a file, one environment variable, the CLI overrides)
 * against the schema that will validate it and names every key the schema
 * does not have, with the nearest known key. A walk rather than `.strict()`
 * on every object: the schema stays as it is, each layer is checked on its
 * own (so a message can say which file or variable it came from), and the
 * detectors' own option schemas are checked the same way.
 */
export interface UnknownKey {
  /** path of the unknown key, the key itself last */
  readonly path: readonly string[];
  /** the nearest known key at that level, when one is close enough to be a typo */
  readonly suggestion: string | null;
}

type Def = {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  valueType?: z.ZodType;
  keyType?: z.ZodType;
  element?: z.ZodType;
  options?: readonly z.ZodType[];
  getter?: () => z.ZodType;
};

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;
const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The schema under defaults, optionals, nullables, pipes and lazies. */
function unwrap(schema: z.ZodType): z.ZodType {
  for (;;) {
    const def = defOf(schema);
    if (def.innerType && ['default', 'prefault', 'optional', 'nullable', 'readonly', 'catch'].includes(def.type))
      schema = def.innerType;
    else if (def.type === 'pipe' && def.in) schema = def.in;
    else if (def.type === 'lazy' && def.getter) schema = def.getter();
    else return schema;
  }
}

/** Every key of `value` (at any depth) that `schema` does not declare. */
export function unknownKeys(schema: z.ZodType, value: unknown, path: readonly string[] = []): UnknownKey[] {
  const s = unwrap(schema);
  const def = defOf(s);
  if (def.type === 'object' && def.shape && isPlain(value)) {
    const shape = def.shape;
    const known = Object.keys(shape);
    return Object.entries(value).flatMap(([k, v]) =>
      k in shape ? unknownKeys(shape[k]!, v, [...path, k]) : [{ path: [...path, k], suggestion: nearest(k, known) }],
    );
  }
  if (def.type === 'record' && def.valueType && isPlain(value)) {
    const keys = def.keyType ? enumValues(def.keyType) : null;
    return Object.entries(value).flatMap(([k, v]) =>
      keys && !keys.includes(k)
        ? [{ path: [...path, k], suggestion: nearest(k, keys) }]
        : unknownKeys(def.valueType!, v, [...path, k]),
    );
  }
  if (def.type === 'array' && def.element && Array.isArray(value))
    return value.flatMap((v, i) => unknownKeys(def.element!, v, [...path, String(i)]));
  if (def.type === 'union' && def.options) {
    // the alternative that knows the most of the value is the one meant
    const tries = def.options.map((o) => unknownKeys(o, value, path));
    return tries.reduce((best, t) => (t.length < best.length ? t : best), tries[0] ?? []);
  }
  return [];
}

function enumValues(schema: z.ZodType): string[] | null {
  const def = defOf(unwrap(schema)) as Def & { entries?: Record<string, string> };
  return def.type === 'enum' && def.entries ? Object.values(def.entries) : null;
}

/** The known key closest to `key` (case-insensitive edit distance), when close enough to be a typo. */
export function nearest(key: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const k of known) {
    const d = editDistance(key.toLowerCase(), k.toLowerCase());
    if (d < bestDistance || (d === bestDistance && best !== null && k < best)) {
      best = k;
      bestDistance = d;
    }
  }
  if (best === null) return null;
  const allowed = Math.max(2, Math.floor(Math.max(key.length, best.length) / 3));
  return bestDistance <= allowed ? best : null;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  return d[a.length]![b.length]!;
}

/** `metrics.enabeld: unknown key; did you mean enabled?` */
export function describeUnknownKey(u: UnknownKey): string {
  return `${u.path.join('.')}: unknown key${u.suggestion ? `; did you mean ${u.suggestion}?` : ''}`;
}
