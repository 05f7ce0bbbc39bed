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

/**
 * Serve `/metrics` (Prometheus text format), `/healthz` (200 while the
 * process is alive) and `/readyz` (200 when every readiness check holds,
 * else 503 with the checks as JSON). Port 0 picks a free port.
 */
export async function startMetricsServer(
  address: { readonly host: string; readonly port: number },
  registry: Registry,
  readiness: Readiness,
): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    handle(req, res, registry, readiness).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`error: ${err instanceof Error ? err.message : String(err)}\n`);
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
  const path = (req.url ?? '/').split('?')[0];
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed\n');
    return;
  }
  switch (path) {
    case '/metrics': {
      const body = await registry.metrics();
      res.writeHead(200, { 'content-type': registry.contentType }).end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    case '/healthz':
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      return;
    case '/readyz': {
      const ready = readiness.isReady();
      const body = JSON.stringify({ ready, checks: readiness.checks() });
      res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' }).end(`${body}\n`);
      return;
    }
    default:
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /metrics, /healthz or /readyz\n');
  }
}
