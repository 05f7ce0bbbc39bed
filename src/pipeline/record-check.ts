import type { z } from 'zod';

/**
 * A quick yes to "does zod accept this output record?", made from the record's zod schema. zod's safeParse
 * builds a copy of every object and array it checks and an issue list, for each output record (on by default):
 * a tenth of the pipeline's CPU on the realistic workload. This check reads the record and allocates nothing.
 *
 * It only ever says yes when zod says yes: each test is zod 4's own for the schema kinds output records use
 * (object, array, string, number with bounds and safeint, boolean, literal, enum, nullable, optional, record,
 * union), and anything else (another kind, another check, a record with symbol or non-enumerable keys) compiles
 * to "not known", on which the caller asks zod. A no is never final: zod decides and reports (property test in
 * tests/unit/pipeline/record-check.test.ts: the check's yes implies zod's on random and broken records).
 */
export type RecordCheck = (value: unknown) => boolean;

interface Def {
  readonly type: string;
  readonly checks?: readonly { readonly _zod: { readonly def: CheckDef } }[];
  readonly shape?: Readonly<Record<string, Schema>>;
  readonly element?: Schema;
  readonly innerType?: Schema;
  readonly keyType?: Schema;
  readonly valueType?: Schema;
  readonly options?: readonly Schema[];
  readonly values?: readonly unknown[];
  readonly entries?: Readonly<Record<string, unknown>>;
  readonly mode?: string;
  readonly catchall?: Schema;
  readonly coerce?: boolean;
}
interface CheckDef {
  readonly check: string;
  readonly value?: unknown;
  readonly inclusive?: boolean;
  readonly format?: string;
  readonly when?: unknown;
}
interface Schema {
  readonly _zod: { readonly def: Def };
}

const NOT_KNOWN: RecordCheck = () => false;
const IS_STRING: RecordCheck = (v) => typeof v === 'string';
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function compileRecordCheck(schema: z.ZodType): RecordCheck {
  return compile(schema as unknown as Schema);
}

function compile(schema: Schema): RecordCheck {
  const def = schema._zod.def;
  const checks = def.checks ?? [];
  if (checks.length > 0 && def.type !== 'number') return NOT_KNOWN;
  switch (def.type) {
    case 'string':
      return def.coerce ? NOT_KNOWN : IS_STRING;
    case 'boolean':
      return def.coerce ? NOT_KNOWN : (v) => typeof v === 'boolean';
    case 'number':
      return def.coerce ? NOT_KNOWN : numberCheck(checks.map((c) => c._zod.def));
    case 'literal': {
      const values = def.values ?? [];
      return (v) => values.includes(v);
    }
    case 'enum': {
      const values = new Set(Object.values(def.entries ?? {}));
      return (v) => values.has(v);
    }
    case 'nullable': {
      const inner = compile(def.innerType!);
      return (v) => v === null || inner(v);
    }
    case 'optional': {
      const inner = compile(def.innerType!);
      return (v) => v === undefined || inner(v);
    }
    case 'array': {
      const element = compile(def.element!);
      // arrays of strings (ids, evidence: most of a record's values) tested inline, not a call per element
      if (element === IS_STRING)
        return (v) => {
          if (!Array.isArray(v)) return false;
          for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'string') return false;
          return true;
        };
      return (v) => {
        if (!Array.isArray(v)) return false;
        for (let i = 0; i < v.length; i++) if (!element(v[i])) return false;
        return true;
      };
    }
    case 'object':
      return objectCheck(def);
    case 'record':
      return recordCheck(def);
    case 'union': {
      const options = (def.options ?? []).map(compile);
      // (indexed: `some` with a closure made one per value checked)
      return (v) => {
        for (let i = 0; i < options.length; i++) if (options[i]!(v)) return true;
        return false;
      };
    }
    default:
      return NOT_KNOWN;
  }
}

/** zod's number: finite, then each check (bounds, safeint); any other check is not known. */
function numberCheck(checks: readonly CheckDef[]): RecordCheck {
  const tests: ((n: number) => boolean)[] = [];
  for (const c of checks) {
    if (c.when !== undefined) return NOT_KNOWN;
    const bound = c.value;
    if (c.check === 'greater_than' && typeof bound === 'number')
      tests.push(c.inclusive ? (n) => n >= bound : (n) => n > bound);
    else if (c.check === 'less_than' && typeof bound === 'number')
      tests.push(c.inclusive ? (n) => n <= bound : (n) => n < bound);
    else if (c.check === 'number_format' && c.format === 'safeint') tests.push(Number.isSafeInteger);
    else return NOT_KNOWN;
  }
  // (indexed: `every` with a closure made one per number checked)
  return (v) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) return false;
    for (let i = 0; i < tests.length; i++) if (!tests[i]!(v)) return false;
    return true;
  };
}

/** zod's object: not null, not an array; each shape key's value (read as zod reads it); other keys are stripped. */
function objectCheck(def: Def): RecordCheck {
  if (def.mode === 'strict' || def.catchall !== undefined || def.shape === undefined) return NOT_KNOWN;
  // (two parallel lists read by index: `for…of` with a destructured pair made an iterator and its results per record)
  const keys = Object.keys(def.shape);
  const checks = keys.map((k) => compile(def.shape![k]!));
  return (v) => {
    if (!isObject(v)) return false;
    for (let i = 0; i < keys.length; i++) if (!checks[i]!(v[keys[i]!])) return false;
    return true;
  };
}

/**
 * zod's record, for a plain object (own prototype Object.prototype, no own `constructor`) with string keys only,
 * all enumerable: an enum key type wants every one of its keys and none other, a string key type any key.
 */
function recordCheck(def: Def): RecordCheck {
  const keyDef = def.keyType!._zod.def;
  const value = compile(def.valueType!);
  if (def.mode === 'loose') return NOT_KNOWN;
  const plain = (v: unknown): v is Record<string, unknown> =>
    isObject(v) && Object.getPrototypeOf(v) === Object.prototype && !Object.hasOwn(v, 'constructor');
  // zod reads symbol and non-enumerable keys too: such an object is left to it
  const ownKeys = (v: object): string[] | null => {
    const keys = Object.keys(v);
    return Reflect.ownKeys(v).length === keys.length ? keys : null;
  };
  if (keyDef.type === 'enum' && !keyDef.checks?.length) {
    const names = Object.values(keyDef.entries ?? {});
    if (!names.every((n) => typeof n === 'string')) return NOT_KNOWN;
    const known = new Set(names as string[]);
    return (v) => {
      if (!plain(v)) return false;
      const keys = ownKeys(v);
      if (keys === null || keys.length !== known.size) return false;
      for (let i = 0; i < keys.length; i++) if (!known.has(keys[i]!) || !value(v[keys[i]!])) return false;
      return true;
    };
  }
  if (keyDef.type === 'string' && !keyDef.checks?.length && !keyDef.coerce)
    return (v) => {
      if (!plain(v)) return false;
      const keys = ownKeys(v);
      if (keys === null) return false;
      for (let i = 0; i < keys.length; i++) if (!value(v[keys[i]!])) return false;
      return true;
    };
  return NOT_KNOWN;
}
