/**
 * One measured part of bench/core, in its own process so its peak RSS is its own. Prints one JSON line.
 *
 *   parse <events.ndjson>                       bare loop: read lines (as the file source does) + JSON.parse
 *   floor <events.ndjson>                       decode + PII scan of each record (bench/kafka's floor, on a file)
 *   outputs <outDir> <records>                  the outputs' floor: one JSON.stringify and one SHA-256 of every
 *                                               output line a run wrote (parsed before the clock starts), per
 *                                               input record: what writing those outputs with content ids costs
 *                                               at least, whatever makes them
 *   run <events.ndjson> <outDir> <workers> <partitions>
 *                                               `doxguard run` with the default config (file source → every
 *                                               stage → file sinks and evidence log): records/s from the first
 *                                               batch to the last output flushed, peak RSS, digest of the outputs
 *                                               (MEASURE_OVERRIDES, JSON: settings under test over the default)
 *   long <events.ndjson> <out> <passes> [reduce]    the same run over `passes` copies of the file, each shifted past
 *                                               the idle TTL with fresh ids (same live state): RSS (settled after a
 *                                               full collection) and heap per pass, RSS by kind of mapping
 *                                               (reduce: also RSS after a memory-reducing collection, passMemory)
 *   alloc <events.ndjson> <outDir> [profile] [kept]
 *                                               the default run under V8's sampling heap profiler: bytes per record
 *                                               (and the profile written to `profile`, a .heapprofile). kept
 *                                               `survived`: only what outlived the young generation (promoted to
 *                                               the old one, whether it then lived to the end or died: what makes
 *                                               scavenges copy and full collections run)
 *   flood <posts> <maxLiveNodes> <maxLiveIncidents>
 *                                               unique one-post cascades within one hour: live state against the caps
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildRuntime, closeRuntime } from '../../src/app/index.js';
import type { AlertRecord, InterventionRecord, RawBatch, RawRecord, Source } from '../../src/contract/index.js';
import { createPipeline } from '../../src/pipeline/index.js';
import { benchConfig } from './config.js';
import { floor, outputs, parse } from './floors.js';
import { alertDecision, commandDecision } from './decisions.js';
import { nativeMemory, type NativeMemory } from './smaps.js';

const [mode, ...args] = process.argv.slice(2);
const rssMB = (): number => process.memoryUsage().rss / 2 ** 20;
const peakMB = (): number => process.resourceUsage().maxRSS / 1024;
const gc = (globalThis as { gc?: () => void }).gc ?? ((): void => {});

/** sha256 over every output file but the manifest, by name: one figure for the whole output set. */
function digestOf(dir: string): string {
  const h = createHash('sha256');
  for (const f of readdirSync(dir).sort()) if (f !== 'SHA256SUMS') h.update(f).update(readFileSync(join(dir, f)));
  return h.digest('hex').slice(0, 16);
}

/** CPU time of each thread of this process (ns, by Linux task id), or null where /proc has none. */
function threadCpu(): Map<number, number> | null {
  try {
    const tasks = readdirSync('/proc/self/task');
    return new Map(
      tasks.map((t) => [Number(t), Number(readFileSync(`/proc/self/task/${t}/schedstat`, 'utf8').split(' ')[0])]),
    );
  } catch {
    return null;
  }
}

/**
 * CPU seconds per thread over a window: this thread (main), the `workers` busiest others (the worker threads
 * running pipelines: they dwarf the rest; a heuristic, named as one in the report) and all other threads
 * together (V8's garbage-collector and compiler helpers, libuv's pool, a loader's thread).
 */
export interface ThreadSeconds {
  main: number;
  workers: number[];
  other: number;
}

function threadSeconds(before: Map<number, number> | null, workers: number): ThreadSeconds | null {
  const after = threadCpu();
  if (!before || !after) return null;
  const used = [...after].map(([tid, ns]) => [tid, (ns - (before.get(tid) ?? 0)) / 1e9] as const);
  const main = used.find(([tid]) => tid === process.pid)?.[1] ?? 0;
  const rest = used
    .filter(([tid]) => tid !== process.pid)
    .map(([, s]) => s)
    .sort((x, y) => y - x);
  const n = workers > 1 ? workers : 0;
  return { main, workers: rest.slice(0, n), other: rest.slice(n).reduce((x, y) => x + y, 0) };
}

/**
 * The live state a one-thread run ends with (after its last flush, before it closes): heap left by a full
 * collection against the posts and incidents still live, whole (code, buffers, the dedupe ring and all) and
 * less the heap the built runtime held before its first batch. This is the ≤ 1 KB per live node of issue 17
 * read on the run's own workload; bench/pipeline's `nodes` reads it on cascades of 1,000 reposts without text.
 * Null for worker threads (their heaps are not this one) or without --expose-gc.
 */
export interface LiveHeap {
  nodes: number;
  incidents: number;
  heapMB: number;
  bytesPerNode: number;
  bytesPerNodeOverStart: number;
}

function liveHeap(pipeline: unknown, heapBefore: number): LiveHeap | null {
  const store = (pipeline as { store?: { graph: { order: number }; liveCount: number } }).store;
  if (!store || !(globalThis as { gc?: unknown }).gc) return null;
  gc();
  const heap = process.memoryUsage().heapUsed;
  const nodes = store.graph.order;
  return {
    nodes,
    incidents: store.liveCount,
    heapMB: Math.round((heap / 2 ** 20) * 10) / 10,
    bytesPerNode: Math.round(heap / nodes),
    bytesPerNodeOverStart: Math.round((heap - heapBefore) / nodes),
  };
}

/** Runs a source through the runtime `doxguard run` builds; timed from the first batch. */
async function runSource(
  file: string,
  out: string,
  workers: number,
  partitions: number,
  source?: Source,
  onBatch?: (records: number) => void,
): Promise<{
  records: number;
  seconds: number;
  cpuSeconds: number;
  threads: ThreadSeconds | null;
  events: number;
  outputs: number;
  live: LiveHeap | null;
}> {
  // settings under test, e.g. MEASURE_OVERRIDES='{"detectors":{"cascade/forecast":{"enabled":false}}}'
  const more = JSON.parse(process.env.MEASURE_OVERRIDES ?? '{}') as Record<string, unknown>;
  const config = benchConfig(file, out, workers, partitions, more);
  const runtime = await buildRuntime(config, source ? { source } : {});
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  let records = 0;
  let t0 = 0;
  let cpu0: NodeJS.CpuUsage | undefined;
  let threads0: Map<number, number> | null = null;
  try {
    await runtime.source.run(async (batch: RawBatch) => {
      if (t0 === 0) [t0, cpu0, threads0] = [performance.now(), process.cpuUsage(), threadCpu()];
      await runtime.pipeline.handleBatch(batch);
      records += batch.records.length;
      onBatch?.(records);
    }, new AbortController().signal);
    await runtime.pipeline.finish();
  } catch (e) {
    await closeRuntime(runtime, 'failed');
    throw e;
  }
  const seconds = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu0);
  // every thread of the process (main and workers) over the same window: the work done, whatever the load
  const cpuSeconds = (used.user + used.system) / 1e6;
  // read before closing: the worker threads end with the runtime
  const threads = threadSeconds(threads0, workers);
  const live = liveHeap(runtime.pipeline, heapBefore);
  await closeRuntime(runtime, 'completed');
  const { events, outputs } = runtime.pipeline.stats;
  return { records, seconds, cpuSeconds, threads, events, outputs, live };
}

async function run(file: string, out: string, workers: number, partitions: number): Promise<object> {
  const r = await runSource(file, out, workers, partitions, undefined);
  return {
    ...r,
    rate: r.records / r.seconds,
    peakRssMB: peakMB(),
    digest: digestOf(out),
    decisions: decisionsOf(out),
  };
}

/**
 * What the run decided (bench/core/decisions.ts), in output order, hashed, with the counts: two configurations
 * that decide alike have the same digest (settings that change only `watch` or the reasons, e.g. a detector
 * family turned off).
 */
function decisionsOf(dir: string): { digest: string; commands: number; warnings: number; watch: number } {
  const records = <T>(name: string): T[] => {
    const path = join(dir, name);
    if (!existsSync(path)) return [];
    return readFileSync(path, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as T);
  };
  const h = createHash('sha256');
  const commands = records<InterventionRecord>('interventions.ndjson');
  for (const c of commands) h.update(commandDecision(c) + '\n');
  const alerts = records<AlertRecord>('alerts.ndjson');
  let warnings = 0;
  for (const a of alerts) {
    const line = alertDecision(a);
    if (line === null) continue;
    warnings++;
    h.update(line + '\n');
  }
  return {
    digest: h.digest('hex').slice(0, 16),
    commands: commands.length,
    warnings,
    watch: alerts.length - warnings,
  };
}

/** `passes` copies of a file, copy k shifted by k × (its span + idle TTL + 1 h), every id suffixed `~k`. */
function repeated(file: string, passes: number, onPass: (pass: number) => Promise<void>): Source {
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  let lo = Infinity;
  let hi = -Infinity;
  for (const l of lines) {
    const t = (JSON.parse(l) as { createdAt?: unknown }).createdAt;
    const ms = typeof t === 'number' ? t : typeof t === 'string' ? Date.parse(t) : NaN;
    if (Number.isFinite(ms)) [lo, hi] = [Math.min(lo, ms), Math.max(hi, ms)];
  }
  const shift = hi - lo + 7 * 3600_000;
  const ID = ['eventId', 'postId', 'parentId', 'rootId', 'noticeId', 'verdictId'] as const;
  const TIME = ['createdAt', 'receivedAt', 'decidedAt', 'deletedAt'] as const;
  return {
    name: `repeated:${passes}x`,
    close: async () => {},
    async run(handler) {
      for (let k = 0; k < passes; k++) {
        for (let i = 0; i < lines.length; i += 1000) {
          const records: RawRecord[] = lines.slice(i, i + 1000).map((line, j) => {
            const e = JSON.parse(line) as Record<string, unknown>;
            for (const f of ID) if (typeof e[f] === 'string') e[f] = `${e[f] as string}~${k}`;
            for (const f of TIME) {
              const t = e[f];
              if (typeof t === 'string') e[f] = new Date(Date.parse(t) + k * shift).toISOString();
              else if (typeof t === 'number') e[f] = t + k * shift;
            }
            const position = { kind: 'file' as const, file: 'repeated', line: k * lines.length + i + j + 1 };
            return { value: Buffer.from(JSON.stringify(e)), key: null, position };
          });
          await handler({ records, commit: async () => {} });
        }
        await onPass(k + 1);
      }
    },
  };
}

/**
 * One pass of `long`: RSS and heap used after a full collection (what the target and the report read), what
 * V8 keeps committed (heapTotal) and off its heap (external), and where RSS lives by kind of mapping
 * (bench/core/smaps.ts). The collection frees pages, but V8 hands them back to the system on a background
 * thread: RSS read right after it (rssAtGcMB) still counts ~100 MB of pages about to go, more or fewer
 * depending on how far that thread got, so rssMB is read once RSS has stopped falling (settle).
 * With `reduce`, also RSS after a memory-reducing collection (V8's last-resort flavour: it gives back the
 * young generation and pooled pages too); that changes the run it measures (each pass starts from a shrunk
 * heap): a run of its own.
 */
interface PassMemory {
  pass: number;
  rssMB: number;
  rssAtGcMB: number;
  heapMB: number;
  heapTotalMB: number;
  externalMB: number;
  maps: NativeMemory | null;
  rssReducedMB?: number;
}

/** RSS once it has stopped falling: two reads 100 ms apart within 1 MB, at most 3 s (MB). */
async function settledRssMB(): Promise<number> {
  let last = rssMB();
  for (let waited = 0; waited < 3000; waited += 100) {
    await new Promise((r) => setTimeout(r, 100));
    const now = rssMB();
    if (last - now < 1) return now;
    last = now;
  }
  return last;
}

async function passMemory(pass: number, reduce: boolean): Promise<PassMemory> {
  gc();
  const rssAtGcMB = rssMB();
  const m = process.memoryUsage();
  const MB = 2 ** 20;
  const p = {
    pass,
    rssMB: await settledRssMB(),
    rssAtGcMB,
    heapMB: m.heapUsed / MB,
    heapTotalMB: m.heapTotal / MB,
    externalMB: m.external / MB,
    maps: nativeMemory(),
  };
  if (!reduce) return p;
  (gc as (options: object) => void)({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  return { ...p, rssReducedMB: await settledRssMB() };
}

async function long(file: string, out: string, passes: number, reduce: boolean): Promise<object> {
  const perPass: PassMemory[] = [];
  const onPass = async (pass: number): Promise<void> => {
    perPass.push(await passMemory(pass, reduce));
  };
  const r = await runSource(file, out, 1, 1, repeated(file, passes, onPass));
  return { ...r, peakRssMB: peakMB(), perPass };
}

/** Bytes allocated per record over the default run: V8's sampling heap profiler, collected objects included. */
/**
 * Which sampled objects a heap profile keeps: every one allocated (`all`), or those no scavenge collected
 * (`survived`: promoted to the old generation; the run ends closed, so this counts what died there later too).
 */
type AllocKept = 'all' | 'survived';

async function alloc(file: string, out: string, profilePath?: string, kept: AllocKept = 'all'): Promise<object> {
  if (kept !== 'all' && kept !== 'survived') throw new Error(`alloc: kept is all or survived, not ${String(kept)}`);
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 16384,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: kept === 'all',
  } as never);
  const r = await runSource(file, out, 1, 1);
  const { profile } = (await session.post('HeapProfiler.stopSampling')) as unknown as { profile: { head: HeapNode } };
  // kept for bench/core/profile.ts allocationShares and for DevTools (Memory → Load)
  if (profilePath) writeFileSync(profilePath, JSON.stringify(profile));
  const total = (n: HeapNode): number => n.selfSize + n.children.reduce((s, c) => s + total(c), 0);
  const bytes = total(profile.head);
  return { ...r, allocatedMB: bytes / 2 ** 20, bytesPerRecord: bytes / r.records };
}
interface HeapNode {
  selfSize: number;
  children: HeapNode[];
}

async function flood(posts: number, maxLiveNodes: number, maxLiveIncidents: number): Promise<object> {
  const config = benchConfig('unused', 'unused', 1, 1, { limits: { maxLiveNodes, maxLiveIncidents } });
  const pipeline = createPipeline({
    config,
    sink: { name: 'null', emit: () => {}, flush: async () => {}, close: async () => {} },
  });
  const t0 = Date.UTC(2026, 0, 1);
  let maxNodes = 0;
  let maxIncidents = 0;
  const samples: { posts: number; rssMB: number; heapMB: number; liveNodes: number; liveIncidents: number }[] = [];
  for (let i = 0; i < posts; i += 1000) {
    const records: RawRecord[] = [];
    for (let j = i; j < Math.min(posts, i + 1000); j++) {
      const line = JSON.stringify({
        eventId: `f${j}`,
        platform: 'weibo',
        kind: 'post',
        postId: `f${j}`,
        authorId: `a${j % 100_000}`,
        createdAt: t0 + Math.floor((j * 3600_000) / posts),
        text: `post number ${j}`,
      });
      records.push({ value: Buffer.from(line), key: null, position: { kind: 'file', file: 'flood', line: j + 1 } });
    }
    await pipeline.handleBatch({ records, commit: async () => {} });
    maxNodes = Math.max(maxNodes, pipeline.store.graph.order);
    maxIncidents = Math.max(maxIncidents, pipeline.store.liveCount);
    if ((i / 1000) % Math.max(1, Math.floor(posts / 10_000)) === 0 || i + 1000 >= posts) {
      gc();
      const heapMB = process.memoryUsage().heapUsed / 2 ** 20;
      const live = { liveNodes: pipeline.store.graph.order, liveIncidents: pipeline.store.liveCount };
      samples.push({ posts: i + 1000, rssMB: rssMB(), heapMB, ...live });
    }
  }
  return {
    posts,
    maxLiveNodes,
    maxLiveIncidents,
    maxNodes,
    maxIncidents,
    evictions: pipeline.stats.evictions,
    peakRssMB: peakMB(),
    samples,
  };
}

const n = (s: string | undefined): number => Number(s);
const result =
  mode === 'parse'
    ? await parse(args[0]!)
    : mode === 'floor'
      ? await floor(args[0]!)
      : mode === 'outputs'
        ? outputs(args[0]!, n(args[1]))
        : mode === 'run'
          ? await run(args[0]!, args[1]!, n(args[2]), n(args[3]))
          : mode === 'alloc'
            ? await alloc(args[0]!, args[1]!, args[2], args[3] as AllocKept | undefined)
            : mode === 'long'
              ? await long(args[0]!, args[1]!, n(args[2]), args[3] === 'reduce')
              : mode === 'flood'
                ? await flood(n(args[0]), n(args[1]), n(args[2]))
                : null;
if (result === null) throw new Error(`unknown mode ${mode}`);
console.log(JSON.stringify(result));
process.exit(0);
