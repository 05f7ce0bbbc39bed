import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { DoxguardError } from '../errors/index.js';
import type { Readiness } from './readiness.js';

export interface MetricsServer {
  /** the bound port (useful with port 0) */
  readonly port: number;
  /** `http://host:port` */
  readonly url: string;
  close(): Promise<void>;
}

/** Sent with every answer: nothing is cached on the way, nothing is sniffed into HTML. */
const COMMON_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } as const;

/**
 * Serve `/metrics` (Prometheus text format), `/healthz` (200 while the
 * process is alive) and `/readyz` (200 when every readiness check holds,
 * else 503 with the checks as JSON), and nothing else: every other path is a
 * bare 404, other methods 405, a failure a bare 500 (never a message or a
 * stack). It binds the configured host only (127.0.0.1 unless a container's
 * config says otherwise). Port 0 picks a free port.
 */
export async function startMetricsServer(
  address: { readonly host: string; readonly port: number },
  registry: Registry,
  readiness: Readiness,
): Promise<MetricsServer> {
  // small limits: a scraper sends one short GET; anything slower or larger is not one
  const server = createServer({ maxHeaderSize: 8192, requestTimeout: 10_000, headersTimeout: 5_000 }, (req, res) => {
    handle(req, res, registry, readiness).catch(() => {
      if (!res.headersSent) res.writeHead(500, { ...COMMON_HEADERS, 'content-type': 'text/plain' });
      res.end('internal error\n');
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    const onError = (cause: Error): void =>
      reject(
        new DoxguardError('DG_ERR_METRICS_LISTEN', `metrics server cannot listen on ${address.host}:${address.port}`, {
          context: { host: address.host, port: address.port },
          cause,
        }),
      );
    server.once('error', onError);
    server.listen(address.port, address.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return {
    port,
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, registry: Registry, readiness: Readiness) {
  // the raw path, compared exactly: no decoding, no normalising, no trailing slash, no file system behind it
  const path = (req.url ?? '/').split('?')[0];
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res
      .writeHead(405, { ...COMMON_HEADERS, allow: 'GET, HEAD', 'content-type': 'text/plain' })
      .end('method not allowed\n');
    return;
  }
  switch (path) {
    case '/metrics': {
      const body = await registry.metrics();
      res
        .writeHead(200, { ...COMMON_HEADERS, 'content-type': registry.contentType })
        .end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    case '/healthz':
      res.writeHead(200, { ...COMMON_HEADERS, 'content-type': 'text/plain' }).end('ok\n');
      return;
    case '/readyz': {
      const ready = readiness.isReady();
      const body = JSON.stringify({ ready, checks: readiness.checks() });
      res.writeHead(ready ? 200 : 503, { ...COMMON_HEADERS, 'content-type': 'application/json' }).end(`${body}\n`);
      return;
    }
    default:
      res.writeHead(404, { ...COMMON_HEADERS, 'content-type': 'text/plain' }).end('not found\n');
  }
}
