import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { createPipeline } from '../../../src/pipeline/index.js';
import { createMemorySink } from '../../../src/sink/index.js';
import { jetstreamCursor, LiveSource, sseTransport, websocketTransport } from '../../../src/source/index.js';
import { testConfig } from '../../helpers/pipeline.js';

/** Recorded frames: the documentation-shaped fixtures of tests/fixtures/formats. */
const frames = (format: string): string[] =>
  readFileSync(`tests/fixtures/formats/${format}.ndjson`, 'utf8')
    .split('\n')
    .filter((l) => l !== '');

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

function pipelineFor(format: 'jetstream' | 'mastodon') {
  const sink = createMemorySink();
  const pipeline = createPipeline({ config: testConfig({ source: { format } }), sink });
  return { sink, pipeline };
}

/** Runs the source until `done` says so (checked after each batch), then aborts it; bounded by a timeout. */
async function runUntil(
  source: LiveSource,
  handle: (b: Parameters<Parameters<LiveSource['run']>[0]>[0]) => Promise<void>,
  done: () => boolean,
) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 10_000);
  await source.run(async (batch) => {
    await handle(batch);
    if (done()) abort.abort();
  }, abort.signal);
  clearTimeout(timer);
}

describe('websocket source (Jetstream)', () => {
  it('replays recorded frames, survives a dropped connection and resumes from the committed cursor', async () => {
    const recorded = frames('jetstream');
    const urls: string[] = [];
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    closers.push(() => new Promise((r) => wss.close(() => r())));
    await new Promise((r) => wss.once('listening', r));
    wss.on('connection', (socket, req) => {
      urls.push(req.url ?? '');
      const cursor = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('cursor') ?? 0);
      // Jetstream replays from the cursor: every frame at or after it
      const due = recorded.filter((f) => (jetstreamCursor.of(Buffer.from(f)) ?? 0) >= cursor);
      if (urls.length === 1) {
        for (const f of due.slice(0, 4)) socket.send(f);
        // an abrupt drop, no close frame, once the first frames are out
        setTimeout(() => socket.terminate(), 100);
      } else for (const f of due) socket.send(f);
    });
    const port = (wss.address() as AddressInfo).port;
    const connections: { attempt: number; error?: unknown }[] = [];
    const source = new LiveSource({
      kind: 'websocket',
      url: `ws://127.0.0.1:${port}/subscribe?wantedCollections=app.bsky.feed.post`,
      transport: websocketTransport,
      batchSize: 2,
      flushMs: 20,
      reconnect: { initialMs: 10, maxMs: 50 },
      cursor: { ...jetstreamCursor, initial: null },
      random: () => 0,
      onConnection: (c) => connections.push(c),
    });
    const { pipeline } = pipelineFor('jetstream');
    await runUntil(
      source,
      (b) => pipeline.handleBatch(b),
      () => pipeline.stats.deletions >= 1,
    );
    expect(urls.length).toBeGreaterThanOrEqual(2);
    expect(urls[0]).not.toContain('cursor=');
    // the second connection resumes from the time_us of the last batch committed before the drop
    const resumed = Number(new URL(urls[1]!, 'http://x').searchParams.get('cursor'));
    expect(resumed).toBe(jetstreamCursor.of(Buffer.from(recorded[3]!)));
    expect(source.name).toBe(`websocket:127.0.0.1:${port}`);
    // every post and repost once (the replayed one dropped as a duplicate), the rest skipped, the delete applied
    expect(pipeline.stats.events).toBe(4);
    expect(pipeline.stats.duplicates).toBeGreaterThanOrEqual(1);
    expect(pipeline.stats.skipped).toBe(4);
    expect(pipeline.stats.deletions).toBe(1);
    expect(pipeline.stats.deadLetters).toBe(0);
  });

  it('backs off exponentially while the server refuses, and stops on abort', async () => {
    // a port with nothing listening: every attempt fails at once
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const attempts: number[] = [];
    const started = Date.now();
    const source = new LiveSource({
      kind: 'websocket',
      url: `ws://127.0.0.1:${port}/`,
      transport: websocketTransport,
      batchSize: 10,
      flushMs: 10,
      reconnect: { initialMs: 20, maxMs: 80 },
      random: () => 0.999,
      onConnection: (c) => attempts.push(c.attempt),
    });
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 400);
    await source.run(async () => {}, abort.signal);
    expect(attempts.slice(0, 4)).toEqual([0, 1, 2, 3]);
    // 20, 40, 80, 80… ms (capped): a handful of attempts in 400 ms, not hundreds
    expect(attempts.length).toBeLessThanOrEqual(9);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('sse source (Mastodon)', () => {
  it('reads event/data pairs, ignores heartbeats, reconnects after a drop', async () => {
    const recorded = frames('mastodon').map((l) => JSON.parse(l) as { event: string; payload: string });
    let connection = 0;
    const server: Server = createServer((req, res) => {
      connection++;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const part = connection === 1 ? recorded.slice(0, 2) : recorded.slice(2);
      res.write(':thump\n\n');
      for (const f of part) res.write(`event: ${f.event}\ndata: ${f.payload}\n\n`);
      if (connection === 1) setTimeout(() => res.destroy(), 50);
    });
    closers.push(() => new Promise((r) => server.close(() => r())));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as AddressInfo).port;
    const source = new LiveSource({
      kind: 'sse',
      url: `http://127.0.0.1:${port}/api/v1/streaming/public?access_token=secret`,
      transport: sseTransport,
      batchSize: 10,
      flushMs: 20,
      reconnect: { initialMs: 10, maxMs: 50 },
      random: () => 0,
    });
    const { pipeline, sink } = pipelineFor('mastodon');
    await runUntil(
      source,
      (b) => pipeline.handleBatch(b),
      () => pipeline.stats.deletions >= 1,
    );
    expect(connection).toBeGreaterThanOrEqual(2);
    expect(pipeline.stats.events).toBe(3);
    expect(pipeline.stats.skipped).toBe(2);
    expect(pipeline.stats.deletions).toBe(1);
    // nothing of the URL's query (the access token) in the source's name or in any output
    expect(source.name).toBe(`sse:127.0.0.1:${port}`);
    expect(JSON.stringify(sink.records)).not.toContain('secret');
  });
});
