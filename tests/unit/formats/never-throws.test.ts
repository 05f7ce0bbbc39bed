import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DLQ_REASONS } from '../../../src/contract/index.js';
import { createDecoder } from '../../../src/decode/index.js';
import { INPUT_FORMATS } from '../../../src/formats/index.js';

const fixtures = (format: string): unknown[] =>
  readFileSync(`tests/fixtures/formats/${format}.ndjson`, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as unknown);

/** Replaces the value at one path of a JSON value (chosen by the index) with another JSON value. */
function mutate(value: unknown, pick: number, replacement: unknown): unknown {
  const paths: (string | number)[][] = [];
  const walk = (v: unknown, path: (string | number)[]): void => {
    paths.push(path);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(value, []);
  const path = paths[pick % paths.length]!;
  if (path.length === 0) return replacement;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = replacement;
  return copy;
}

describe.each(INPUT_FORMATS.filter((f) => f !== 'doxguard'))('the %s adapter never throws', (format) => {
  const decode = createDecoder({ format });
  const check = (bytes: Buffer): void => {
    const r = decode({ value: bytes, key: null, position: { kind: 'stdin', line: 1 } });
    if (r.ok === false) {
      expect(Object.keys(DLQ_REASONS)).toContain(r.deadLetter.reason);
      expect(r.deadLetter.message.length).toBeGreaterThan(0);
    } else if (r.ok === 'skipped') expect(r.format).toBe(format);
    else expect(['event', 'delete', 'notice', 'verdict']).toContain(r.record.type);
  };
  it('on any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => check(Buffer.from(JSON.stringify(v) ?? 'null'))),
      { numRuns: 300 },
    );
  });
  it('on its documented messages with one field replaced by any JSON value', () => {
    const docs = fixtures(format);
    fc.assert(
      fc.property(fc.nat(docs.length - 1), fc.nat(), fc.jsonValue(), (i, pick, replacement) =>
        check(Buffer.from(JSON.stringify(mutate(docs[i], pick, replacement)))),
      ),
      { numRuns: 400 },
    );
  });
  it('on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => check(Buffer.from(b))),
      { numRuns: 200 },
    );
  });
});
