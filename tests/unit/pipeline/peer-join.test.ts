import { describe, expect, it } from 'vitest';
import { createPiiScanner } from '../../../detectors/pii/index.js';
import { ClaimDirectory } from '../../../src/pipeline/link-exchange.js';
import { LinkClaimSchema, type LinkClaim, type IncidentRecord, type RawRecord } from '../../../src/contract/index.js';
import { createPipeline, type Pipeline } from '../../../src/pipeline/index.js';
import { createMemorySink } from '../../../src/sink/index.js';
import { simulate } from '../../../src/simulate/index.js';
import { testConfig } from '../../helpers/pipeline.js';

const config = testConfig();
const scanner = createPiiScanner(config.pii, 'test-secret-0123456789');
const OPTIONS = { seed: 3, backgroundCascades: 60, doxxing: 1, doxxingSize: 160, jumpShare: 1, viral: 0 } as const;
const sim = simulate(OPTIONS);
const jump = sim.truth.incidents.find((i) => i.jump !== null)!;
const second = jump.rootKeys[1]!;

/** Each line's input partition: the jumped-to cascade (keyed under its own root) on 1, the rest on 0. */
function split(): { partition: number; record: RawRecord }[] {
  const rootOf = new Map<string, string>();
  return sim.lines.map((line, i) => {
    const e = JSON.parse(line) as {
      platform: string;
      postId: string;
      parentId?: string | null;
      rootId?: string | null;
    };
    const self = `${e.platform}:${e.postId}`;
    const root = e.rootId
      ? `${e.platform}:${e.rootId}`
      : e.parentId
        ? (rootOf.get(`${e.platform}:${e.parentId}`) ?? self)
        : self;
    rootOf.set(self, root);
    const partition = root === second ? 1 : 0;
    return {
      partition,
      record: {
        value: Buffer.from(line),
        key: null,
        position: { kind: 'kafka', topic: 't', partition, offset: String(i) },
      },
    };
  });
}

interface Side {
  readonly pipeline: Pipeline;
  readonly sink: ReturnType<typeof createMemorySink>;
}

function sides(exchange: ClaimDirectory | null): [Side, Side] {
  const make = (partition: number): Side => {
    const sink = createMemorySink();
    const pipeline = createPipeline({
      config,
      sink,
      scanner,
      ...(exchange ? { links: { partition, exchange, joinDelayMs: 10_000 } } : {}),
    });
    return { pipeline, sink };
  };
  return [make(0), make(1)];
}

/** Feed the two partitions in chunks of the global (time-ordered) sequence. */
async function feed(parts: [Side, Side], order: 'interleaved' | 'zero-first' | 'one-first'): Promise<void> {
  const all = split();
  const chunks: { partition: number; records: RawRecord[] }[] = [];
  if (order === 'interleaved')
    for (let i = 0; i < all.length; i += 40)
      for (const p of [0, 1]) {
        const records = all
          .slice(i, i + 40)
          .filter((x) => x.partition === p)
          .map((x) => x.record);
        if (records.length) chunks.push({ partition: p, records });
      }
  else
    for (const p of order === 'zero-first' ? [0, 1] : [1, 0])
      chunks.push({ partition: p, records: all.filter((x) => x.partition === p).map((x) => x.record) });
  for (const c of chunks)
    await parts[c.partition]!.pipeline.handleBatch({ records: c.records, commit: async () => {} });
  for (const s of parts) await s.pipeline.finish();
}

const incidents = (s: Side): IncidentRecord[] =>
  s.sink.records.filter((r): r is IncidentRecord => r.schema === 'doxguard.incident/1');
const joinedOn = (s: Side): IncidentRecord | undefined =>
  incidents(s).findLast((r) => jump.platforms.every((p) => r.platforms.includes(p)));

describe('cross-partition join (kafka.links)', () => {
  it('the jump splits over two partitions; without the exchange each half is an incident of its own', async () => {
    expect(new Set(split().map((x) => x.partition))).toEqual(new Set([0, 1]));
    const parts = sides(null);
    await feed(parts, 'interleaved');
    for (const s of parts) expect(joinedOn(s)).toBeUndefined();
  });

  it('with the exchange both halves see the whole incident: both platforms, and the other half named', async () => {
    const exchange = new ClaimDirectory(6 * 3_600_000);
    const parts = sides(exchange);
    await feed(parts, 'interleaved');
    const [a, b] = parts.map((s) => joinedOn(s));
    expect(a, 'partition 0 joined').toBeDefined();
    expect(b, 'partition 1 joined').toBeDefined();
    expect(a!.linkedIncidents?.map((l) => l.partition)).toContain(1);
    expect(b!.linkedIncidents?.map((l) => l.partition)).toContain(0);
    // the peer named on each side is an incident the other side really published
    const ids = (s: Side): Set<string> => new Set(incidents(s).map((r) => r.incidentId));
    expect(a!.linkedIncidents!.some((l) => ids(parts[1]).has(l.incidentId))).toBe(true);
    expect(b!.linkedIncidents!.some((l) => ids(parts[0]).has(l.incidentId))).toBe(true);
    // both halves converge on one incident id: the earlier-started one keeps its id in a merge
    expect(b!.incidentId).toBe(a!.incidentId);
    // and each carries the other half's disclosures
    for (const c of a!.piiCategories) expect(b!.piiCategories).toContain(c);
  });

  it('a partition whose peers kept up decides the same however the batches interleave (and as a rebuild would)', async () => {
    const runs: string[][] = [];
    for (const order of ['interleaved', 'zero-first'] as const) {
      const parts = sides(new ClaimDirectory(6 * 3_600_000));
      await feed(parts, order);
      runs.push(parts[1].sink.records.map((r) => JSON.stringify(r)));
    }
    expect(runs[0]!.length).toBeGreaterThan(0);
    expect(runs[1]).toEqual(runs[0]);
  });

  it('a claim that arrives after the watermark passed it is placed without waiting for another record', async () => {
    const parts = sides(new ClaimDirectory(6 * 3_600_000));
    await feed(parts, 'one-first'); // partition 1 has seen everything before partition 0 starts
    await new Promise((r) => setImmediate(r));
    const b = joinedOn(parts[1]);
    expect(b, 'partition 1 joined late').toBeDefined();
    expect(b!.linkedIncidents?.map((l) => l.partition)).toContain(0);
  });

  it('claims carry hashes and pseudonymous ids only, and validate', async () => {
    const claims: LinkClaim[] = [];
    const exchange = new ClaimDirectory(6 * 3_600_000);
    const publish = exchange.publish.bind(exchange);
    exchange.publish = (c) => {
      claims.push(c);
      publish(c);
    };
    await feed(sides(exchange), 'interleaved');
    expect(claims.length).toBeGreaterThan(0);
    for (const c of claims) expect(LinkClaimSchema.parse(c)).toEqual(c);
    const keys = new Set(claims.map((c) => c.key.slice(0, 2)));
    expect([...keys].every((k) => ['m:', 'f:', 'u:'].includes(k))).toBe(true);
    // no text reaches a claim: fingerprints (f:) are keyed hashes
    for (const c of claims.filter((x) => x.key.startsWith('f:'))) expect(c.key).toMatch(/^f:[A-Za-z0-9_-]{16,}$/);
  });
});

describe('ClaimDirectory', () => {
  const claim = (over: Partial<LinkClaim>): LinkClaim => ({
    key: 'm:abc',
    partition: 0,
    nodeKey: 'weibo:1',
    platform: 'weibo',
    postId: '1',
    authorId: 'u1',
    time: 1_000,
    incidentId: 'inc-1',
    category: null,
    weight: null,
    ...over,
  });

  it('tells only the other partitions, keeps one claim per (key, partition) and forgets old ones', () => {
    const d = new ClaimDirectory(10_000);
    const seen: [number, string][] = [];
    d.subscribe(0, (c) => seen.push([0, c.key]));
    d.subscribe(1, (c) => seen.push([1, c.key]));
    d.add(claim({}));
    d.add(claim({})); // the same again (redelivery): nobody told twice
    d.add(claim({ partition: 1, nodeKey: 'douyin:9', platform: 'douyin', postId: '9' }));
    expect(seen).toEqual([
      [1, 'm:abc'],
      [0, 'm:abc'],
    ]);
    expect(d.claimsFor('m:abc', 0).map((c) => c.partition)).toEqual([1]);
    expect(d.claimsFor('m:abc', 2)).toHaveLength(2);
    for (let i = 0; i < 4096; i++) d.add(claim({ key: `m:k${i}`, time: 100_000 + i }));
    expect(d.claimsFor('m:abc', 2)).toHaveLength(0);
  });
});
