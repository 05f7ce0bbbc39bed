import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/index.js';
import { monotonicMs, startMetricsService } from '../../../src/metrics/index.js';

describe('startMetricsService', () => {
  it('counts without serving when metrics are disabled', async () => {
    const service = await startMetricsService(validateConfig({}));
    expect(service.server).toBeNull();
    service.hooks.eventIn('weibo', 'accepted');
    expect(await service.registry.metrics()).toContain('doxguard_events_total{platform="weibo",outcome="accepted"} 1');
    await service.close();
  });

  it('serves on the configured address with the configured platforms and notice deadline', async () => {
    const config = validateConfig({
      metrics: { enabled: true, host: '127.0.0.1', port: 0, platforms: ['mastodon'], noticeDeadlineSeconds: 600 },
    });
    const service = await startMetricsService(config);
    try {
      service.hooks.eventIn('mastodon', 'accepted');
      service.hooks.eventIn('weibo', 'accepted');
      const body = await (await fetch(`${service.server!.url}/metrics`)).text();
      expect(body).toContain('doxguard_events_total{platform="mastodon",outcome="accepted"} 1');
      expect(body).toContain('doxguard_events_total{platform="other",outcome="accepted"} 1');
      expect(body).not.toContain('platform="weibo"');
      expect(body).toContain('doxguard_notice_deadline_seconds 600');
    } finally {
      await service.close();
    }
  });

  it('rejects a platform list that would unbound the label', () => {
    const many = Array.from({ length: 65 }, (_, i) => `p${i}`);
    expect(() => validateConfig({ metrics: { platforms: many } })).toThrow(/metrics\.platforms/);
    expect(() => validateConfig({ metrics: { platforms: ['Not A Platform'] } })).toThrow(/metrics\.platforms/);
  });

  it('times with a monotonic clock in milliseconds', async () => {
    const t0 = monotonicMs();
    await new Promise((r) => setTimeout(r, 20));
    const ms = monotonicMs() - t0;
    expect(ms).toBeGreaterThan(15);
    expect(ms).toBeLessThan(5000);
  });
});
