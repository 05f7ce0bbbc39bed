import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { buildRuntime } from '../../../src/app/index.js';
import {
  createMetrics,
  startMetricsServer,
  type DoxguardMetrics,
  type MetricsServer,
} from '../../../src/metrics/index.js';
import type { RawBatch } from '../../../src/contract/index.js';
import {
  BROKERS,
  kafkaConfigObject,
  UNAVAILABLE,
  committedOffsets,
  createTopic,
  endOffsets,
  kafkaConfig,
  produce,
  testTopics,
  waitFor,
  withTimeout,
  type TestTopics,
} from './helpers/kafka.js';
import { startKafkaProcessor, writeConfig, type Processor } from './helpers/processor.js';
import { scenario, toMessages } from './helpers/scenario.js';

const servers: MetricsServer[] = [];
const running: Processor[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const p of running.splice(0)) p.kill('SIGKILL');
});

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

/** Metrics on a fresh registry, served over HTTP like `doxguard run` does. */
async function serve(): Promise<{ metrics: DoxguardMetrics; server: MetricsServer }> {
  const metrics = createMetrics(new Registry(), { defaultMetrics: false });
  const server = await startMetricsServer({ host: '127.0.0.1', port: 0 }, metrics.registry, metrics.readiness);
  servers.push(server);
  return { metrics, server };
}

/** `doxguard_consumer_lag_records` per partition of `topic`, parsed from the /metrics text. */
async function lagOf(server: MetricsServer, topic: string): Promise<Map<number, number>> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const lag = new Map<number, number>();
  for (const line of text.split('\n')) {
    const m = /^doxguard_consumer_lag_records\{topic="([^"]+)",partition="(\d+)"\} (\S+)$/.exec(line);
    if (m && m[1] === topic) lag.set(Number(m[2]), Number(m[3]));
  }
  return lag;
}

async function readyz(server: MetricsServer): Promise<{ status: number; checks: Record<string, boolean> }> {
  const res = await fetch(`${server.url}/readyz`);
  const body = (await res.json()) as { checks: Record<string, boolean> };
  return { status: res.status, checks: body.checks };
}

/** The pipeline on the Kafka source with the metrics as its observer; `gate` runs before each batch. */
async function start(
  t: TestTopics,
  metrics: DoxguardMetrics,
  gate: (b: RawBatch) => Promise<void>,
  kafka: Record<string, unknown> = {},
) {
  const config = kafkaConfig(t, {
    output: { kind: 'files', dir: mkdtempSync(join(tmpdir(), 'doxguard-lag-')) },
    kafka: { maxBatchRecords: 100, ...kafka },
  });
  const runtime = await buildRuntime(config, { hooks: metrics.hooks, sourceObserver: metrics });
  const ac = new AbortController();
  const running = runtime.source.run(async (b) => {
    await gate(b);
    await runtime.pipeline.handleBatch(b);
  }, ac.signal);
  return {
    running,
    stop: async () => {
      ac.abort();
      await withTimeout(running, 30_000, 'graceful stop');
      await runtime.sink.close();
      // file output keeps an evidence log too: closed, not left to the garbage collector
      await runtime.evidence?.close();
    },
  };
}

describe.skipIf(!BROKERS)(`Kafka source: consumer lag and readiness ${UNAVAILABLE}`, () => {
  it('lag shows the backlog per partition, drains to 0; /readyz follows the group membership', async () => {
    const t = testTopics('lag');
    await createTopic(t.input, 2);
    const s = scenario({ seed: 5, backgroundCascades: 60, doxxing: 1, doxxingSize: 120 });
    await produce(t.input, toMessages(s));
    const ends = await endOffsets(t.input);
    expect(ends.get(0)! > 150n && ends.get(1)! > 150n, 'both partitions hold a backlog').toBe(true);

    const { metrics, server } = await serve();
    expect((await readyz(server)).status).toBe(503);
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let firstBatch = false;
    const p = await start(t, metrics, async () => {
      firstBatch = true;
      await released;
    });
    // held on its first batch: joined, every partition's backlog exported
    await waitFor(() => firstBatch, 'the first batch');
    const backlog = await waitFor(async () => {
      const lag = await lagOf(server, t.input);
      return lag.size === 2 && lag.get(0)! > 0 && lag.get(1)! > 0 ? lag : null;
    }, 'a lag series per partition');
    expect(backlog.get(0)).toBe(Number(ends.get(0)));
    expect(backlog.get(1)).toBe(Number(ends.get(1)));
    expect((await readyz(server)).checks.source_connected).toBe(true);

    release();
    await waitFor(async () => {
      const lag = await lagOf(server, t.input);
      return lag.get(0) === 0 && lag.get(1) === 0;
    }, 'the lag to drain to 0');
    const ready = await readyz(server);
    expect(ready).toEqual({ status: 200, checks: { state_restored: true, source_connected: true } });
    const committed = await committedOffsets(t.groupId, t.input);
    expect(committed).toEqual(ends);

    // more input while running: committed and drained again
    await produce(t.input, toMessages(s).slice(0, 300));
    await waitFor(async () => (await committedOffsets(t.groupId, t.input)).get(0)! > ends.get(0)!, 'new commits');
    await waitFor(async () => {
      const lag = await lagOf(server, t.input);
      return lag.get(0) === 0 && lag.get(1) === 0;
    }, 'the lag to drain to 0 again');

    await p.stop();
    expect(await readyz(server)).toEqual({
      status: 503,
      checks: { state_restored: false, source_connected: false },
    });
    expect((await lagOf(server, t.input)).size, 'no lag series once stopped').toBe(0);
  });

  it('state_restored is false while a newly owned partition rebuilds from the look-back, true once live', async () => {
    const t = testTopics('restore');
    await createTopic(t.input, 1);
    const s = scenario({ seed: 6, backgroundCascades: 40, doxxing: 1, doxxingSize: 100 });
    const messages = toMessages(s, 1);
    const half = Math.floor(messages.length / 2);
    await produce(t.input, messages.slice(0, half));

    const first = await serve();
    const a = await start(t, first.metrics, async () => {});
    await waitFor(async () => (await committedOffsets(t.groupId, t.input)).get(0) === BigInt(half), 'first half');
    await a.stop();
    await produce(t.input, messages.slice(half));

    // a new instance takes over: it re-reads [look-back, committed) without emitting, then goes live
    const { metrics, server } = await serve();
    const seen: { rebuild: boolean; status: number; restored: boolean; connected: boolean }[] = [];
    const b = await start(t, metrics, async (batch) => {
      const r = await readyz(server);
      seen.push({
        rebuild: batch.rebuild === true,
        status: r.status,
        restored: r.checks.state_restored!,
        connected: r.checks.source_connected!,
      });
    });
    await waitFor(
      async () => (await committedOffsets(t.groupId, t.input)).get(0) === BigInt(messages.length),
      'the second half',
    );
    const rebuilds = seen.filter((x) => x.rebuild);
    const live = seen.filter((x) => !x.rebuild);
    expect(rebuilds.length).toBeGreaterThanOrEqual(Math.floor(half / 100));
    expect(live.length).toBeGreaterThan(0);
    // not ready while rebuilding, connected all along; every rebuild batch comes before the live ones
    expect(rebuilds.every((x) => x.status === 503 && !x.restored && x.connected)).toBe(true);
    expect(seen.findIndex((x) => !x.rebuild)).toBe(rebuilds.length);
    // the first live batch is handed over after the switch: ready from then on
    expect(live.every((x) => x.status === 200 && x.restored && x.connected)).toBe(true);
    expect(await readyz(server)).toEqual({ status: 200, checks: { state_restored: true, source_connected: true } });
    expect((await lagOf(server, t.input)).get(0)).toBe(0);
    await b.stop();
  });

  it('doxguard run on Kafka: /readyz 200 once joined, lag series per partition at 0 after the input, exit 0 on SIGTERM', async () => {
    const t = testTopics('run-ready');
    await createTopic(t.input, 2);
    await produce(t.input, toMessages(scenario({ seed: 7, backgroundCascades: 30 })));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const proc = startKafkaProcessor(
      writeConfig(
        kafkaConfigObject(t, {
          metrics: { enabled: true, host: '127.0.0.1', port },
          output: { kind: 'files', dir: mkdtempSync(join(tmpdir(), 'doxguard-run-ready-')) },
        }),
      ),
    );
    running.push(proc);
    const server = { url } as MetricsServer;
    // the metrics server is up before the group is joined: 503 first, then 200 with both checks
    const seen: number[] = [];
    await waitFor(
      async () => {
        const r = await readyz(server).catch(() => null);
        if (r) seen.push(r.status);
        return r?.status === 200;
      },
      '/readyz 200',
      60_000,
      50,
    );
    expect(seen[0]).toBe(503);
    const ends = await endOffsets(t.input);
    await waitFor(async () => {
      const c = await committedOffsets(t.groupId, t.input);
      return c.get(0) === ends.get(0) && c.get(1) === ends.get(1);
    }, 'the whole input committed');
    expect(await readyz(server)).toEqual({ status: 200, checks: { state_restored: true, source_connected: true } });
    expect(await lagOf(server, t.input)).toEqual(
      new Map([
        [0, 0],
        [1, 0],
      ]),
    );
    proc.kill('SIGTERM');
    expect(await proc.exited, proc.stderr()).toEqual({ code: 0, signal: null });
  });
});
