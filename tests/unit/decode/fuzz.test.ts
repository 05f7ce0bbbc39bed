import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DeadLetterRecordSchema,
  DLQ_REASONS,
  INPUT_FORMATS,
  NO_HOOKS,
  type InputFormat,
  type RawRecord,
} from '../../../src/contract/index.js';
import { createDecoder, type SourceDecodeResult } from '../../../src/decode/index.js';
import { simulate } from '../../../src/simulate/index.js';
import { raw, runLines, testConfig } from '../../helpers/pipeline.js';

/**
 * The decoder under fuzz: arbitrary bytes, arbitrary JSON, records shaped
 * like events with fields of any type and content, and valid records mutated
 * (a field dropped or replaced, the bytes truncated or flipped). Each must come
 * back as a usable record or as a dead letter with a known reason and a
 * message that passes the output schema the sink enforces, or (platform
 * formats) a message kind doxguard skips, counted; nothing throws. Every input
 * format the project has (INPUT_FORMATS) gets the same properties, its own
 * documented messages mutated, and a pipeline run.
 */
const FIXTURES = join(import.meta.dirname, '../../fixtures/formats');

const REASONS = new Set(Object.keys(DLQ_REASONS));
const RECORD_TYPES = new Set(['event', 'notice', 'verdict', 'delete']);

let line = 0;
const toRaw = (value: Uint8Array | null, key: string | null = null): RawRecord => ({
  value: value === null ? null : Buffer.from(value),
  key: key === null ? null : Buffer.from(key),
  position: { kind: 'kafka', topic: 'fuzz', partition: 0, offset: String(line++) },
});

/** The one outcome property: a record of a known type, a counted skip, or a dead letter the DLQ sink accepts. */
function accountedFor(result: SourceDecodeResult, format: InputFormat): void {
  if (result.ok === 'skipped') {
    expect(result.format).toBe(format);
    expect(result.kind.length).toBeGreaterThan(0);
    return;
  }
  if (result.ok) {
    expect(RECORD_TYPES.has(result.record.type), result.record.type).toBe(true);
    return;
  }
  const dl = result.deadLetter;
  expect(REASONS.has(dl.reason), dl.reason).toBe(true);
  expect(dl.message.length).toBeGreaterThan(0);
  const checked = DeadLetterRecordSchema.safeParse(dl);
  expect(checked.success, JSON.stringify(checked.error?.issues)).toBe(true);
}

const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }));
const anyValue = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(text, { maxLength: 4 }),
  fc.dictionary(fc.string(), text, { maxKeys: 3 }),
);
/** Objects with the event, notice and verdict field names, any of them missing, each of any type. */
const shaped = fc.record(
  {
    type: fc.oneof(fc.constantFrom('event', 'notice', 'verdict'), anyValue),
    eventId: fc.oneof(fc.string({ minLength: 1, maxLength: 300 }), anyValue),
    platform: fc.oneof(fc.constantFrom('weibo', 'x', 'reddit', 'a_b-1'), anyValue),
    kind: fc.oneof(fc.constantFrom('post', 'repost', 'quote', 'reply'), anyValue),
    postId: fc.oneof(fc.string({ minLength: 1 }), anyValue),
    parentId: anyValue,
    rootId: anyValue,
    authorId: fc.oneof(fc.string({ minLength: 1 }), anyValue),
    authorFollowers: anyValue,
    createdAt: fc.oneof(
      fc.integer({ min: -1, max: 2 ** 53 }),
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      anyValue,
    ),
    text: anyValue,
    urls: fc.oneof(fc.array(fc.webUrl(), { maxLength: 3 }), anyValue),
    mediaHashes: anyValue,
    mentions: fc.oneof(fc.array(fc.record({ accountId: fc.string(), publicFigure: fc.boolean() })), anyValue),
    noticeId: anyValue,
    receivedAt: fc.oneof(
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      anyValue,
    ),
    verdictId: anyValue,
    decision: anyValue,
    decidedAt: anyValue,
  },
  { requiredKeys: [] },
);

const schemaOne = simulate({
  seed: 3,
  backgroundCascades: 20,
  doxxing: 1,
  doxxingSize: 30,
  noticeShare: 1,
}).lines.filter((l) => l.startsWith('{'));
/** Valid messages of a format: simulated schema-1 records, or the format's documented messages. */
const validOf = (format: InputFormat): string[] =>
  format === 'doxguard'
    ? schemaOne
    : readFileSync(join(FIXTURES, `${format}.ndjson`), 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('{'));

/** A valid message with one top-level field dropped or replaced by anything, or its bytes cut or flipped. */
const mutatedOf = (valid: readonly string[]) =>
  fc
    .tuple(fc.constantFrom(...valid), fc.nat(), anyValue, fc.nat(), fc.integer({ min: 1, max: 255 }))
    .map(([lineText, pick, replacement, at, xor]) => {
      const json = JSON.parse(lineText) as Record<string, unknown>;
      const keys = Object.keys(json);
      const key = keys[pick % keys.length]!;
      const bytes = Buffer.from(lineText);
      switch (pick % 4) {
        case 0:
          delete json[key];
          return Buffer.from(JSON.stringify(json));
        case 1:
          json[key] = replacement;
          return Buffer.from(JSON.stringify(json));
        case 2:
          return bytes.subarray(0, at % bytes.length);
        default: {
          const copy = Buffer.from(bytes);
          const i = at % copy.length;
          copy[i] = copy[i]! ^ xor;
          return copy;
        }
      }
    });

describe.each(INPUT_FORMATS)('the %s decoder under fuzz', (format) => {
  const runs = { numRuns: 300 };
  const decode = createDecoder({ format });
  const valid = validOf(format);
  const mutated = mutatedOf(valid);

  it('arbitrary bytes (and tombstones, blanks, oversize records): a record or a dead letter with a reason', () => {
    const bytes = fc.oneof(
      { weight: 8, arbitrary: fc.uint8Array({ maxLength: 2048 }) },
      { weight: 1, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.constantFrom(' ', '\n', '\t\r\n', '\uFEFF{}').map((s) => Buffer.from(s)) },
      {
        weight: 1,
        arbitrary: fc.integer({ min: 256 * 1024 - 2, max: 256 * 1024 + 2 }).map((n) => Buffer.alloc(n, 0x7b)),
      },
    );
    fc.assert(
      fc.property(bytes, fc.option(fc.string()), (value, key) => accountedFor(decode(toRaw(value, key)), format)),
      runs,
    );
  });

  it('arbitrary JSON values: a record or a dead letter with a reason', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => accountedFor(decode(toRaw(Buffer.from(JSON.stringify(v) ?? 'null'))), format)),
      runs,
    );
  });

  it('objects shaped like events, notices and verdicts with fields of any type: a record or a dead letter', () => {
    fc.assert(
      fc.property(shaped, (o) => accountedFor(decode(toRaw(Buffer.from(JSON.stringify(o)))), format)),
      runs,
    );
  });

  it('valid messages as they are: a record or a counted skip, never a dead letter', () => {
    for (const line of valid) {
      const r = decode(toRaw(Buffer.from(line)));
      accountedFor(r, format);
      expect(r.ok, line.slice(0, 80)).not.toBe(false);
    }
  });

  it('valid records mutated (field dropped or replaced, bytes cut or flipped): a record or a dead letter', () => {
    fc.assert(
      fc.property(mutated, (bytes) => accountedFor(decode(toRaw(bytes)), format)),
      runs,
    );
  });
});

describe.each(INPUT_FORMATS)('the pipeline reading %s under fuzz', (format) => {
  it('a batch of arbitrary records never throws, and every record is counted: an event outcome, feedback, a deletion, a skip', async () => {
    const valid = validOf(format);
    const records = fc.oneof(
      shaped.map((o) => JSON.stringify(o)),
      mutatedOf(valid).map((b) => b.toString('utf8')),
      fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'),
      fc.constantFrom(...valid),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(records, { minLength: 1, maxLength: 60 }), async (lines) => {
        const counted = { n: 0 };
        const count = (): void => void counted.n++;
        const hooks = { ...NO_HOOKS, eventIn: count, feedbackIn: count, skipped: count, deletion: count };
        const config = testConfig({ source: { format } });
        const { records: out, pipeline } = await runLines(lines, config, undefined, 25, hooks);
        expect(pipeline).toBeDefined();
        expect(counted.n).toBe(lines.length);
        for (const r of out) if (r.schema === 'doxguard.dlq/1') expect(REASONS.has(r.reason)).toBe(true);
      }),
      { numRuns: 10 },
    );
  });

  it('the raw helper keeps bytes as given (sanity of the harness)', () => {
    expect(raw(['x'])[0]!.value!.toString()).toBe('x');
  });
});
