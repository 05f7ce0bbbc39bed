/**
 * One measured run, in its own process so peak RSS is its own:
 *   pipeline <events.ndjson> <outDir> <velocity|default>
 *                                       the whole file pipeline (file source → … → file sinks), either with
 *                                       the velocity detector alone and no PII scan (issue 3's target
 *                                       configuration) or with the default config (every detector, PII scan)
 *   parse <events.ndjson>               baseline: read lines and JSON.parse only
 *   nodes <count>                       heap bytes per live graph node (needs --expose-gc)
 * Prints one JSON line on stdout.
 */
import { loadConfig } from '../../src/config/index.js';
import { createPipeline, runPipeline } from '../../src/pipeline/index.js';
import { createFileSink } from '../../src/sink/index.js';
import { fileSource, readLines } from '../../src/source/index.js';
import { createReadStream } from 'node:fs';
import { createScanner } from '../../src/app/index.js';
import { DETECTORS } from '../../detectors/registry.js';
import { NO_SCANNER } from '../../src/contract/index.js';

const [mode, arg, out, detectorSet = 'default'] = process.argv.slice(2);
const secret = 'bench-secret-0123456789abcdef';

async function pipeline(file: string, outDir: string): Promise<object> {
  const velocityOnly = detectorSet === 'velocity';
  const detectors = velocityOnly
    ? Object.fromEntries(DETECTORS.map((d) => [d.name, { enabled: d.name === 'cascade/velocity', options: {} }]))
    : {};
  const config = loadConfig({
    overrides: { fingerprintSecret: secret, output: { dir: outDir }, detectors, evidence: { enabled: false } },
  });
  const sink = await createFileSink(outDir);
  const scanner = velocityOnly ? NO_SCANNER : await createScanner(config, secret);
  const p = createPipeline({ config, sink, scanner });
  const cpu0 = process.cpuUsage();
  const t = process.hrtime.bigint();
  await runPipeline(fileSource([file], 1000), p, new AbortController().signal);
  await sink.close();
  const secs = Number(process.hrtime.bigint() - t) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  return {
    events: p.stats.events,
    records: p.stats.events + p.stats.deadLetters,
    secs,
    cpuSecs: (cpu.user + cpu.system) / 1e6,
    alerts: p.stats.alerts,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  };
}

async function parse(file: string): Promise<object> {
  const t = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  let n = 0;
  const dec = new TextDecoder();
  for await (const { bytes } of readLines(createReadStream(file))) {
    JSON.parse(dec.decode(bytes));
    n++;
  }
  const secs = Number(process.hrtime.bigint() - t) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  return { records: n, secs, cpuSecs: (cpu.user + cpu.system) / 1e6, peakRssMB: process.resourceUsage().maxRSS / 1024 };
}

async function nodes(count: number): Promise<object> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  // Nothing expires or is evicted: every node stays live while it is measured.
  const config = loadConfig({
    overrides: {
      fingerprintSecret: secret,
      time: { incidentIdleTtlMs: 365 * 86_400_000 },
      evidence: { enabled: false },
    },
  });
  const p = createPipeline({
    config,
    sink: { name: 'null', emit: () => {}, flush: async () => {}, close: async () => {} },
  });
  gc();
  const before = process.memoryUsage().heapUsed;
  const t0 = Date.UTC(2026, 0, 1);
  const batch = [];
  // Cascades of 1,000 reposts each, one post a second: all live, no expiry.
  for (let i = 0; i < count; i++) {
    const root = Math.floor(i / 1000) * 1000;
    const line = JSON.stringify({
      eventId: `e${i}`,
      platform: 'weibo',
      kind: i === root ? 'post' : 'repost',
      postId: `p${i}`,
      parentId: i === root ? null : `p${root + Math.floor((i - root) / 2)}`,
      authorId: `u${i % 50_000}`,
      authorFollowers: i % 977,
      createdAt: t0 + i * 1000,
    });
    batch.push({ value: Buffer.from(line), key: null, position: { kind: 'file' as const, file: 'gen', line: i + 1 } });
  }
  for (const r of batch) p.process(r);
  batch.length = 0;
  gc();
  const after = process.memoryUsage().heapUsed;
  return {
    nodes: p.store.graph.order,
    edges: p.store.graph.size,
    bytesPerNode: (after - before) / p.store.graph.order,
  };
}

const result =
  mode === 'pipeline' ? await pipeline(arg!, out!) : mode === 'parse' ? await parse(arg!) : await nodes(Number(arg));
process.stdout.write(JSON.stringify(result) + '\n');
