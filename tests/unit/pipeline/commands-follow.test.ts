import { describe, expect, it } from 'vitest';
import { createScanner } from '../../../src/app/index.js';
import type { AlertRecord, InterventionRecord } from '../../../src/contract/index.js';
import { simulate } from '../../../src/simulate/index.js';
import { DEMO_OPTIONS } from '../../../src/simulate/make-examples.js';
import { runLines, testConfig } from '../../helpers/pipeline.js';

/**
 * Issue 15 point 1 on the simulator's cross-platform incidents (the bundled demo's recipe, Weibo→Douyin and
 * X→Reddit, with no victim notice, so only the ladder acts): every post of each incident is named by the
 * popup and the throttle in the evaluation of its own event (or by the first command, when it came before),
 * so Douyin and Reddit get commands as the incident reaches them; each incident goes to review by itself
 * after `reviewCriticalAfterSeconds` of critical.
 */
const { lines, truth } = simulate({ ...DEMO_OPTIONS, noticeShare: 0 });
const config = testConfig();
const doxxing = truth.incidents.filter((i) => i.incidentKind === 'doxxing');

const posts = new Map<string, { platform: string; postId: string; time: number }>();
for (const l of lines) {
  try {
    const e = JSON.parse(l) as { eventId?: string; platform: string; postId: string; createdAt: string | number };
    const time = typeof e.createdAt === 'number' ? e.createdAt : Date.parse(e.createdAt);
    if (typeof e.eventId === 'string' && e.postId)
      posts.set(e.eventId, { platform: e.platform, postId: e.postId, time });
  } catch {
    // malformed lines of the recipe
  }
}

describe('commands follow a cross-platform incident (simulated Weibo→Douyin, X→Reddit)', { timeout: 60_000 }, () => {
  it('names every post of each platform within the evaluation that placed it; critical goes to review', async () => {
    const scanner = await createScanner(config, config.fingerprintSecret!);
    const { records } = await runLines(lines, config, scanner, 500);
    const commands = records.filter((r): r is InterventionRecord => r.schema === 'doxguard.intervention/1');
    const alerts = records.filter((r): r is AlertRecord => r.schema === 'doxguard.alert/1');
    expect(doxxing.map((i) => i.platforms)).toEqual([
      ['weibo', 'douyin'],
      ['x', 'reddit'],
    ]);
    for (const inc of doxxing) {
      const roots = new Set(inc.rootKeys.map((k) => k.slice(k.indexOf(':') + 1)));
      const mine = commands.filter((c) => c.account === undefined && c.rootIds.some((r) => roots.has(r)));
      const incidentIds = new Set(mine.map((c) => c.incidentId));
      expect(incidentIds.size, inc.incidentId).toBe(1);
      const [second] = inc.platforms.slice(1);
      for (const action of ['popup_warning', 'throttle'] as const) {
        const of = mine.filter((c) => c.action === action).sort((a, b) => (a.eventTime < b.eventTime ? -1 : 1));
        expect(of.length, `${inc.incidentId} ${action}`).toBeGreaterThan(1);
        const start = Date.parse(of[0]!.eventTime);
        const firstNamed = new Map<string, number>();
        for (const c of of)
          for (const t of c.targets)
            for (const p of t.postIds)
              if (!firstNamed.has(`${t.platform}:${p}`)) firstNamed.set(`${t.platform}:${p}`, Date.parse(c.eventTime));
        const platformsNamed = new Set([...firstNamed.keys()].map((k) => k.slice(0, k.indexOf(':'))));
        expect([...platformsNamed].sort(), `${inc.incidentId} ${action}`).toEqual([...inc.platforms].sort());
        expect(platformsNamed.has(second!)).toBe(true);
        // every post of the incident: named in the evaluation of its own event, or by the first command
        let checked = 0;
        for (const id of inc.eventIds) {
          const p = posts.get(id);
          if (!p) continue;
          const when = firstNamed.get(`${p.platform}:${p.postId}`);
          expect(when, `${inc.incidentId} ${action} ${p.platform}:${p.postId}`).toBe(Math.max(p.time, start));
          checked++;
        }
        expect(checked).toBeGreaterThan(150);
        // a follow-up shares its rule's expiry
        expect(new Set(of.map((c) => c.expiresAt)).size).toBe(1);
      }
      const critical = alerts.find((a) => a.incidentId === [...incidentIds][0] && a.level === 'critical')!;
      const review = mine.filter((c) => c.rule === 'ladder/critical-review');
      expect(review.length, inc.incidentId).toBeGreaterThan(0);
      const after = Date.parse(review[0]!.eventTime) - Date.parse(critical.eventTime);
      expect(after).toBeGreaterThanOrEqual(config.policy.reviewCriticalAfterSeconds * 1000);
      expect(after).toBeLessThan(config.policy.reviewCriticalAfterSeconds * 1000 + config.time.tickEveryMs * 2);
      expect(review[0]!.params).toMatchObject({ queue: 'proactive', priority: 'high' });
    }
  });
});
