import { Registry } from 'prom-client';
import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { DoxguardError } from '../../../src/errors/index.js';
import { createMetrics, startMetricsServer, type MetricsServer } from '../../../src/metrics/index.js';

const servers: MetricsServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start() {
  const registry = new Registry();
  const metrics = createMetrics(registry, { defaultMetrics: false });
  const server = await startMetricsServer({ host: '127.0.0.1', port: 0 }, registry, metrics.readiness);
  servers.push(server);
  return { ...metrics, server };
}

/** A GET with the path sent exactly as given (fetch would normalise it). */
function rawGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('startMetricsServer', () => {
  it('serves /metrics in the Prometheus text format', async () => {
    const { server, hooks } = await start();
    hooks.eventIn('weibo', 'accepted');
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const body = await res.text();
    expect(body).toContain('# TYPE doxguard_events_total counter');
    expect(body).toContain('doxguard_events_total{platform="weibo",outcome="accepted"} 1');
  });

  it('answers /healthz while alive and /readyz only when state is restored and the source connected', async () => {
    const { server, readiness } = await start();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    let ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ ready: false, checks: { state_restored: false, source_connected: false } });
    readiness.set('state_restored', true);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
    readiness.set('source_connected', true);
    ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, checks: { state_restored: true, source_connected: true } });
  });

  it('answers 404 on every other path (no directory, no normalising) and 405 on other methods', async () => {
    const { server } = await start();
    const paths = [
      '/',
      '/nope',
      '/metrics/',
      '//metrics',
      '/metrics/../metrics',
      '/%6detrics',
      '/healthz.json',
      '/readyz/x',
      '/../../etc/passwd',
      '/debug/pprof',
      '/favicon.ico',
      '/.env',
      '/metrics%00',
    ];
    for (const path of paths) {
      const res = await rawGet(server.port, path);
      expect(res.status, path).toBe(404);
      expect(res.body, path).toBe('not found\n');
    }
    expect((await fetch(`${server.url}/metrics`, { method: 'POST' })).status).toBe(405);
    const res = await fetch(`${server.url}/metrics`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('answers a failure with a bare 500: no message, no stack', async () => {
    const registry = new Registry();
    registry.metrics = () => Promise.reject(new Error('boom in /srv/secret/path.ts:12'));
    const server = await startMetricsServer({ host: '127.0.0.1', port: 0 }, registry, {
      isReady: () => true,
      checks: () => ({ state_restored: true, source_connected: true }),
      set: () => {},
    });
    servers.push(server);
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('internal error\n');
  });

  it('binds the configured address only', async () => {
    const { server } = await start();
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    const other = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    if (other) await expect(fetch(`http://${other}:${server.port}/healthz`)).rejects.toThrow();
  });

  it('closes: the port stops answering', async () => {
    const { server } = await start();
    servers.pop();
    await server.close();
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });

  it('fails with DG_ERR_METRICS_LISTEN when the port is taken', async () => {
    const { server } = await start();
    const registry = new Registry();
    const err = await startMetricsServer({ host: '127.0.0.1', port: server.port }, registry, {
      isReady: () => true,
      checks: () => ({ state_restored: true, source_connected: true }),
      set: () => {},
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DoxguardError);
    expect((err as DoxguardError).code).toBe('DG_ERR_METRICS_LISTEN');
  });
});
