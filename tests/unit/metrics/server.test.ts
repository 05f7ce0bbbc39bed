import { Registry } from 'prom-client';
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

  it('answers 404 on other paths and 405 on other methods', async () => {
    const { server } = await start();
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    expect((await fetch(`${server.url}/metrics`, { method: 'POST' })).status).toBe(405);
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
