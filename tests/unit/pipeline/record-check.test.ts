import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NO_HOOKS, OutputRecordSchema, SCHEMAS, type OutputRecord } from '../../../src/contract/index.js';
import { isDoxguardError } from '../../../src/errors/index.js';
import { PipelineOutputs } from '../../../src/pipeline/outputs.js';
import { compileRecordCheck } from '../../../src/pipeline/record-check.js';
import { PipelineStats } from '../../../src/pipeline/stats.js';
import { createMemorySink } from '../../../src/sink/index.js';

const quick = compileRecordCheck(OutputRecordSchema);
const zodSays = (v: unknown): boolean => OutputRecordSchema.safeParse(v).success;

const common = { id: 'x_1', eventTime: '2026-01-05T08:00:00.000Z', incidentId: 'inc_1', rootIds: ['r1'] };
const dimensions = { sensitivity: 0.8, spread: 0.4, mobilisation: 0.6, malice: 0, publicInterest: 1 };
const reason = {
  detector: 'pii/dossier',
  code: 'PII',
  dimension: 'sensitivity',
  score: 0.5,
  message: 'm',
  evidence: ['e'],
};
const VALID: readonly object[] = [
  {
    schema: SCHEMAS.alert,
    ...common,
    postIds: ['r1', 'p2'],
    level: 'warning',
    previousLevel: null,
    score: 0.5,
    dimensions,
    platforms: ['weibo'],
    piiCategories: ['phone'],
    reasons: [reason],
    shadow: false,
  },
  {
    schema: SCHEMAS.intervention,
    ...common,
    postIds: [],
    action: 'warn_account',
    lifts: null,
    targets: [{ platform: 'x', postIds: ['a', 'b'] }],
    account: { platform: 'x', accountId: null, handleFingerprint: 'fp', role: 'target', minor: true },
    params: { reshareRatePerMinute: 5, excludeFromRecommendation: true, queue: 'notice' },
    ttlSeconds: 3600,
    expiresAt: '2026-01-05T09:00:00.000Z',
    rule: 'r',
    reasons: [reason, reason],
  },
  {
    schema: SCHEMAS.incident,
    ...common,
    postIds: ['r1'],
    status: 'open',
    mergedInto: null,
    level: null,
    score: 0,
    dimensions,
    firstEventTime: 't',
    lastEventTime: 't',
    size: 3,
    authors: 2,
    platforms: [],
    piiCategories: ['email', 'school'],
    participants: [{ authorId: 'a', role: 'originator', posts: 2 }],
    forecast: { finalSize: 9, low: 3, high: 20, observedAt: 't' },
    linkedIncidents: [{ incidentId: 'inc_2', partition: 3 }],
    deletedPosts: 1,
  },
  {
    schema: SCHEMAS.deadLetter,
    id: 'dlq_1',
    reason: 'DG_DLQ_X',
    message: 'm',
    position: { kind: 'kafka', topic: 't', partition: 0, offset: '12' },
    key: null,
    value: 'v',
    valueEncoding: 'utf8',
    eventTime: null,
  },
];

/** every path to a value inside a record */
function paths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (v === null || typeof v !== 'object') return [at];
  const keys = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
  return [at, ...keys.flatMap((k) => paths((v as Record<string | number, unknown>)[k], [...at, k]))];
}
const clone = <T>(v: T): T => structuredClone(v);
const AWKWARD: readonly (() => unknown)[] = [
  () => undefined,
  () => null,
  () => Number.NaN,
  () => Infinity,
  () => -1,
  () => 1.5,
  () => 2 ** 53,
  () => 0,
  () => 1,
  () => '',
  () => 'watch',
  () => 'x',
  () => true,
  () => [],
  () => ['x'],
  () => ({}),
  () => new Date(0),
  () => Object.create(null) as object,
  () => ({ [Symbol('s')]: 1 }),
  () => Object.defineProperty({}, 'hidden', { value: 1, enumerable: false }),
  () => ({ ...dimensions, extra: 0.5 }),
  () => ({ ...dimensions, constructor: 0.5 }),
];

describe('the quick output-record check', () => {
  it('accepts well-formed records of every schema', () => {
    for (const r of VALID) {
      expect(zodSays(r)).toBe(true);
      expect(quick(r)).toBe(true);
    }
  });

  it('says yes only where zod does, on records broken at any point', () => {
    const broken = fc
      .tuple(fc.constantFrom(...VALID), fc.nat(), fc.constantFrom(...AWKWARD), fc.constantFrom('set', 'delete', 'add'))
      .map(([r, n, make, how]) => {
        const copy = clone(r) as Record<string, unknown>;
        const all = paths(copy).filter((p) => p.length > 0);
        const path = all[n % all.length]!;
        let parent: Record<string | number, unknown> = copy;
        for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
        const last = path[path.length - 1]!;
        if (how === 'delete' && !Array.isArray(parent)) delete parent[last];
        else if (how === 'add' && !Array.isArray(parent)) parent['extra'] = make();
        else parent[last] = make();
        return copy;
      });
    fc.assert(
      fc.property(broken, (r) => {
        if (quick(r)) expect(zodSays(r)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('says yes only where zod does, on any value', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withObjectString: true, withBoxedValues: true }), (v) => {
        if (quick(v)) expect(zodSays(v)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('output validation', () => {
  it('sends a valid record and refuses an invalid one with DG_ERR_RECORD_INVALID (zod decides)', () => {
    const sink = createMemorySink();
    const out = new PipelineOutputs({
      sink,
      evidence: null,
      hooks: NO_HOOKS,
      stats: new PipelineStats(),
      validate: true,
      clock: null,
    });
    out.emit(VALID[0] as OutputRecord);
    expect(sink.records).toHaveLength(1);
    const invalid = { ...(VALID[0] as OutputRecord), score: 2 } as OutputRecord;
    expect(quick(invalid)).toBe(false);
    let caught: unknown;
    try {
      out.emit(invalid);
    } catch (e) {
      caught = e;
    }
    expect(isDoxguardError(caught) && caught.code).toBe('DG_ERR_RECORD_INVALID');
    expect(sink.records).toHaveLength(1);
  });
});
