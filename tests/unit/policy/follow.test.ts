import { describe, expect, it } from 'vitest';
import type { PropagationGraph } from '../../../src/graph/index.js';
import type { Incident } from '../../../src/incident/index.js';
import type { InterventionRecord, Verdict } from '../../../src/contract/index.js';
import { applyVerdict } from '../../../src/policy/index.js';
import { canonicalJson } from '../../../src/evidence/index.js';
import { canonicalOf, jsonOf, stableId } from '../../../src/util/index.js';
import { decider, MIN, options, T0 } from './fixtures.js';

/** Adds `n` reposts of `platform:p0` (created as a root when the platform is new) at `time`. */
function grow(graph: PropagationGraph, incident: Incident, platform: string, from: number, n: number, time: number) {
  const root = `${platform}:p0`;
  if (!graph.hasNode(root)) {
    graph.ensurePlaceholder(root, platform, 'p0', time, incident);
    graph.upsertPost(root, { authorId: 'r', kind: 'post', time, followers: 10 }, null);
    incident.members.push(root);
    incident.addPlatform(platform);
  }
  for (let i = from; i < from + n; i++) {
    const key = `${platform}:p${i}`;
    graph.ensurePlaceholder(key, platform, `p${i}`, time, incident);
    graph.upsertPost(key, { authorId: `b${i}`, kind: 'repost', time, followers: 10 }, root);
    incident.members.push(key);
  }
}

const named = (c: InterventionRecord) => Object.fromEntries(c.targets.map((t) => [t.platform, [...t.postIds].sort()]));

describe('commands follow the incident', () => {
  it('names new posts and a new platform in a follow-up of each rule in force, in the same evaluation', () => {
    const d = decider(options(), 'inc_a', ['weibo']);
    const [popup] = d.at(T0, 'warning').commands;
    const [throttle] = d.at(T0 + MIN, 'critical').commands.filter((c) => c.action === 'throttle');
    expect(named(popup!)).toEqual({ weibo: ['p0', 'p1', 'p2'] });
    // the incident grows on Weibo and jumps to Douyin
    grow(d.graph, d.incident, 'weibo', 3, 2, T0 + 2 * MIN);
    grow(d.graph, d.incident, 'douyin', 1, 2, T0 + 2 * MIN);
    const next = d.at(T0 + 2 * MIN, 'critical').commands;
    expect(next.map((c) => c.action)).toEqual(['popup_warning', 'throttle']);
    for (const c of next) {
      // only what no command of the rule named yet, each platform its own posts
      expect(named(c)).toEqual({ douyin: ['p0', 'p1', 'p2'], weibo: ['p3', 'p4'] });
      // a follow-up expires with the command it extends
      const base = c.action === 'popup_warning' ? popup! : throttle!;
      expect(c.expiresAt).toBe(base.expiresAt);
      expect(c.rule).toBe(base.rule);
      expect(c.params.extends).toBe(base.id);
      expect(c.id).not.toBe(base.id);
    }
    expect(next[0]!.ttlSeconds).toBe(6 * 3600 - 2 * 60);
    // nothing new: nothing sent
    expect(d.at(T0 + 3 * MIN, 'critical').commands).toEqual([]);
    // decay: one lift per rule, naming the command the follow-ups extend (they go with it)
    const lifts = d.at(T0 + 40 * MIN, 'watch').commands;
    expect(lifts.every((c) => c.action === 'lift')).toBe(true);
    expect(lifts.map((c) => c.lifts).sort()).toEqual([popup!.id, throttle!.id].sort());
    expect(d.incident.commands.size).toBe(0);
  });

  it("one evaluation's commands share their post ids and reasons, written once: each record's texts are its own", () => {
    const d = decider(options(), 'inc_s', ['weibo']);
    d.at(T0, 'warning');
    d.at(T0 + MIN, 'critical');
    grow(d.graph, d.incident, 'weibo', 3, 2, T0 + 2 * MIN);
    const next = d.at(T0 + 2 * MIN, 'critical').commands;
    expect(next).toHaveLength(2);
    // the same lists (src/policy/records.ts), serialised for the first and reused by the second
    expect(next[1]!.postIds).toBe(next[0]!.postIds);
    expect(next[1]!.reasons).toBe(next[0]!.reasons);
    expect(next[0]!.reasons.length).toBeGreaterThan(0);
    for (const c of next) {
      const { id, ...rest } = c;
      expect(id).toBe(stableId('cmd', canonicalJson(rest)));
      expect(canonicalOf(c)).toBe(canonicalJson(c));
      expect(jsonOf(c)).toBe(JSON.stringify(c));
    }
  });

  it('a placeholder (a parent not seen yet) is named once its post arrives', () => {
    const d = decider(options(), 'inc_a', ['x']);
    d.at(T0, 'warning');
    d.graph.ensurePlaceholder('x:late', 'x', 'late', T0 + MIN, d.incident);
    d.incident.members.push('x:late');
    expect(d.at(T0 + MIN, 'warning').commands).toEqual([]);
    d.graph.upsertPost('x:late', { authorId: 'z', kind: 'post', time: T0 + 2 * MIN, followers: 1 }, null);
    const [follow] = d.at(T0 + 2 * MIN, 'warning').commands;
    expect(named(follow!)).toEqual({ x: ['late'] });
  });

  it('a renewal names everything again and restarts following', () => {
    const d = decider(options({ ttlSeconds: { popup_warning: 3600 } }), 'inc_a', ['weibo']);
    d.at(T0, 'warning');
    grow(d.graph, d.incident, 'reddit', 1, 1, T0 + MIN);
    expect(d.at(T0 + MIN, 'warning').commands).toHaveLength(1);
    const [renewed] = d.at(T0 + 51 * MIN, 'warning').commands;
    expect(named(renewed!)).toEqual({ reddit: ['p0', 'p1'], weibo: ['p0', 'p1', 'p2'] });
    expect(renewed!.ttlSeconds).toBe(3600);
    expect(renewed!.params.extends).toBeUndefined();
    expect(d.incident.commands.size).toBe(1);
    expect(d.at(T0 + 52 * MIN, 'warning').commands).toEqual([]);
  });

  it('followEverySeconds batches follow-ups of an action; what joined meanwhile comes in the next one', () => {
    const d = decider(options({ followEverySeconds: { throttle: 300 } }), 'inc_a', ['weibo']);
    d.at(T0, 'critical');
    grow(d.graph, d.incident, 'weibo', 3, 1, T0 + MIN);
    // the popup follows at once, the throttle waits
    expect(d.at(T0 + MIN, 'critical').commands.map((c) => c.action)).toEqual(['popup_warning']);
    grow(d.graph, d.incident, 'douyin', 1, 1, T0 + 3 * MIN);
    expect(d.at(T0 + 3 * MIN, 'critical').commands.map((c) => c.action)).toEqual(['popup_warning']);
    const [t] = d.at(T0 + 5 * MIN, 'critical').commands;
    expect(t!.action).toBe('throttle');
    expect(named(t!)).toEqual({ douyin: ['p0', 'p1'], weibo: ['p3'] });
  });

  it('a follow-up takes quota only on a platform new to the rule; refused there, it goes to review', () => {
    const d = decider(options({ quotaPerHour: { throttle: 1 } }), 'inc_a', ['weibo']);
    expect(d.at(T0, 'critical').commands.map((c) => c.action)).toEqual(['popup_warning', 'throttle']);
    grow(d.graph, d.incident, 'weibo', 3, 1, T0 + MIN);
    // Weibo's quota is spent, but the throttle is in force there: the follow-up is no new throttle
    expect(d.at(T0 + MIN, 'critical').commands.map((c) => c.action)).toEqual(['popup_warning', 'throttle']);
    expect(d.guard.used('weibo', 'throttle', T0 + MIN)).toBe(1);
    // another incident took Douyin's quota: the jump there is refused and reviewed instead
    d.guard.take('douyin', 'throttle', T0 + MIN, 1);
    grow(d.graph, d.incident, 'douyin', 1, 1, T0 + 2 * MIN);
    const r = d.at(T0 + 2 * MIN, 'critical');
    const review = r.commands.find((c) => c.rule === 'guard/quota-review')!;
    expect(named(review)).toEqual({ douyin: ['p0', 'p1'] });
    expect(r.commands.some((c) => c.action === 'throttle')).toBe(false);
    expect(r.alerts.map((a) => a.reasons[0]!.code)).toEqual(['GUARD_QUOTA']);
  });
});

describe('a critical incident goes to review by itself', () => {
  it('after reviewCriticalAfterSeconds of critical without a break', () => {
    const d = decider(options({ reviewCriticalAfterSeconds: 1800 }));
    d.at(T0, 'critical');
    expect(d.at(T0 + 29 * MIN, 'critical').commands).toEqual([]);
    const [review] = d.at(T0 + 30 * MIN, 'critical').commands;
    expect(review).toMatchObject({
      action: 'review_takedown',
      rule: 'ladder/critical-review',
      params: { queue: 'proactive', priority: 'high', notices: 0 },
      ttlSeconds: 24 * 3600,
    });
    expect(named(review!)).toEqual({ douyin: ['p0', 'p1', 'p2'], weibo: ['p0', 'p1', 'p2'] });
    // reviews are never lifted by the ladder: they stay with the reviewers
    expect(d.at(T0 + 90 * MIN, 'watch').commands.filter((c) => c.lifts === review!.id)).toEqual([]);
  });

  it('the clock restarts when the incident leaves critical', () => {
    const d = decider(options({ reviewCriticalAfterSeconds: 1800 }));
    d.at(T0, 'critical');
    d.at(T0 + 20 * MIN, 'warning');
    expect(d.at(T0 + 21 * MIN, 'critical').commands.filter((c) => c.action === 'review_takedown')).toEqual([]);
    expect(d.at(T0 + 50 * MIN, 'critical').commands.map((c) => c.rule)).toEqual([]);
    expect(d.at(T0 + 51 * MIN, 'critical').commands.map((c) => c.rule)).toEqual(['ladder/critical-review']);
  });

  it('not for a professional disclosure about an official, nor in the holdback group', () => {
    const pi = decider(options({ reviewCriticalAfterSeconds: 60 }));
    pi.at(T0, 'critical', { publicInterest: 0.9 });
    expect(pi.at(T0 + 2 * MIN, 'critical', { publicInterest: 0.9 }).commands.map((c) => c.rule)).not.toContain(
      'ladder/critical-review',
    );
    const held = decider(options({ reviewCriticalAfterSeconds: 60, holdbackShare: 1 }));
    held.at(T0, 'critical');
    expect(held.at(T0 + 2 * MIN, 'critical').commands).toEqual([]);
  });
});

describe('a verdict on a follow-up', () => {
  it('lifts that follow-up alone; the command it extends stays', () => {
    const d = decider(options(), 'inc_a', ['weibo']);
    const [popup] = d.at(T0, 'warning').commands;
    grow(d.graph, d.incident, 'douyin', 1, 1, T0 + MIN);
    const [follow] = d.at(T0 + MIN, 'warning').commands;
    const r = applyVerdict({
      incident: d.incident,
      verdict: {
        type: 'verdict',
        verdictId: 'v1',
        incidentId: null,
        commandId: follow!.id,
        decision: 'false_positive',
        time: T0 + 2 * MIN,
        reviewer: null,
        position: { kind: 'stdin', line: 1 },
      } satisfies Verdict,
      graph: d.graph,
      guard: d.guard,
      options: d.opts,
      maxPostIds: 50,
    });
    expect(r.commands.map((c) => [c.action, c.lifts])).toEqual([['lift', follow!.id]]);
    expect([...d.incident.commands.keys()]).toEqual([popup!.id]);
    expect(d.incident.commands.get(popup!.id)!.followUps).toEqual([]);
  });
});
