import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../../src/contract/index.js';
import { applyVerdict, inHoldback, inRollout, publicInterestGate, decide } from '../../../src/policy/index.js';
import { decider, MIN, options, T0, assessment } from './fixtures.js';

const actions = (cmds: { action: string }[]) => cmds.map((c) => c.action);

describe('policy ladder', () => {
  it('watch alerts only; warning pops up; critical throttles, with per-platform targets', () => {
    const d = decider();
    const w = d.at(T0, 'watch');
    expect(w.alerts.map((a) => a.level)).toEqual(['watch']);
    expect(w.commands).toEqual([]);
    expect(actions(d.at(T0 + MIN, 'warning').commands)).toEqual(['popup_warning']);
    const c = d.at(T0 + 2 * MIN, 'critical');
    expect(actions(c.commands)).toEqual(['throttle']);
    expect(c.commands[0]!.targets.map((t) => t.platform)).toEqual(['douyin', 'weibo']);
    expect(c.commands[0]!.targets[0]!.postIds).toHaveLength(3);
    expect(c.commands[0]!.params).toMatchObject({ reshareRatePerMinute: 5, excludeFromRecommendation: true });
    expect(c.commands[0]!.reasons[0]!.evidence).toEqual(['e1']);
  });

  it('issues each command once while in force; its id is a hash of what it says (one id, one content)', () => {
    const d1 = decider();
    const a = d1.at(T0, 'warning').commands[0]!;
    // the same decision made again (a replay, a rebuild) is the same record under the same id
    expect(decider().at(T0, 'warning').commands[0]).toEqual(a);
    // the same rule a few seconds later says something else (its event time, its expiry): another id
    const b = decider().at(T0 + 59_000, 'warning').commands[0]!;
    expect(b.eventTime).not.toBe(a.eventTime);
    expect(b.id).not.toBe(a.id);
    expect(d1.at(T0 + MIN, 'warning').commands).toEqual([]);
    expect(decider(options(), 'inc_other').at(T0, 'warning').commands[0]!.id).not.toBe(a.id);
  });

  it('lifts on decay only after the minimum hold, then cools down (hysteresis against flapping)', () => {
    const d = decider();
    const popup = d.at(T0, 'warning').commands[0]!;
    // decays 5 min later: still held
    expect(d.at(T0 + 5 * MIN, 'watch').commands).toEqual([]);
    const lifted = d.at(T0 + 31 * MIN, 'watch').commands;
    expect(lifted).toHaveLength(1);
    expect(lifted[0]).toMatchObject({ action: 'lift', lifts: popup.id, rule: 'ladder/warning-popup', ttlSeconds: 0 });
    // back to warning within the cooldown: no new popup
    expect(d.at(T0 + 40 * MIN, 'warning').commands).toEqual([]);
    // rising above the level it was lifted at overrides the cooldown
    expect(actions(d.at(T0 + 41 * MIN, 'critical').commands)).toEqual(['popup_warning', 'throttle']);
  });

  it('re-issues after the cooldown', () => {
    const d = decider();
    d.at(T0, 'warning');
    d.at(T0 + 31 * MIN, 'watch');
    expect(d.at(T0 + 32 * MIN, 'warning').commands).toEqual([]);
    expect(actions(d.at(T0 + 92 * MIN, 'warning').commands)).toEqual(['popup_warning']);
  });

  it('every command carries a TTL; an expired command is forgotten, a wanted one renewed before expiry', () => {
    const d = decider(options({ ttlSeconds: { popup_warning: 3600 }, renewBeforeSeconds: 600 }));
    const first = d.at(T0, 'warning').commands[0]!;
    expect(first.ttlSeconds).toBe(3600);
    expect(first.expiresAt).toBe(new Date(T0 + 3600_000).toISOString());
    expect(d.at(T0 + 49 * MIN, 'warning').commands).toEqual([]);
    const renewed = d.at(T0 + 51 * MIN, 'warning').commands;
    expect(actions(renewed)).toEqual(['popup_warning']);
    expect(renewed[0]!.id).not.toBe(first.id);
    expect(d.incident.commands.size).toBe(1);
    // nothing stays forever: with the risk gone (and no tick for hours) the command just expires
    d.at(T0 + 10 * 3600_000, null);
    expect(d.incident.commands.size).toBe(0);
  });

  it('shadow mode decides and records everything but sends no command', () => {
    const d = decider(options({ shadow: true }));
    const r = d.at(T0, 'critical');
    expect(r.commands).toEqual([]);
    expect(actions(r.shadowCommands)).toEqual(['popup_warning', 'throttle']);
    expect(r.alerts[0]!.shadow).toBe(true);
  });
});

describe('public-interest gate', () => {
  it('sends professional disclosures about an official to review, never throttled or warned', () => {
    const d = decider();
    d.incident.disclosures = new Map();
    d.incident.disclosures.set('phone', { firstTime: T0, firstAuthor: 'a' });
    d.incident.disclosures.set('workplace', { firstTime: T0, firstAuthor: 'a' });
    const r = d.at(T0, 'critical', { publicInterest: 0.8 });
    expect(actions(r.commands)).toEqual(['review_takedown']);
    expect(r.commands[0]!.rule).toBe('public-interest/review');
    expect(r.commands[0]!.params.queue).toBe('public_interest');
    expect(r.alerts[0]!.reasons[0]!.code).toBe('POLICY_PUBLIC_INTEREST');
  });

  it('sends to review an incident already at watch when a disclosure about an official comes later', () => {
    // spread alone put it at watch before anything was disclosed: the level does not change when the disclosure
    // comes, and the review must not wait for a level change that never comes
    const d = decider();
    d.incident.disclosures = new Map();
    const before = d.at(T0, 'watch', { publicInterest: 0.8 });
    expect(before.alerts.map((a) => a.level)).toEqual(['watch']);
    expect(before.commands).toEqual([]);
    expect(d.at(T0 + MIN, 'watch', { publicInterest: 0.8 }).commands).toEqual([]);
    d.incident.disclosures.set('workplace', { firstTime: T0 + 2 * MIN, firstAuthor: 'a' });
    const r = d.at(T0 + 2 * MIN, 'watch', { publicInterest: 0.8 });
    expect(r.alerts).toEqual([]);
    expect(actions(r.commands)).toEqual(['review_takedown']);
    expect(r.commands[0]!.rule).toBe('public-interest/review');
    // in force: not sent again at the next evaluation
    expect(d.at(T0 + 3 * MIN, 'watch', { publicInterest: 0.8 }).commands).toEqual([]);
    // an incident at watch with no public-interest score, or with a private category disclosed, gets none
    const quiet = decider();
    quiet.incident.disclosures = new Map();
    quiet.at(T0, 'watch');
    quiet.incident.disclosures.set('workplace', { firstTime: T0, firstAuthor: 'a' });
    expect(quiet.at(T0 + MIN, 'watch', { publicInterest: 0.1 }).commands).toEqual([]);
    quiet.incident.disclosures.set('home_address', { firstTime: T0, firstAuthor: 'a' });
    expect(quiet.at(T0 + 2 * MIN, 'watch', { publicInterest: 0.9 }).commands).toEqual([]);
  });

  it('still protects the home address, family, health or ID of the same person', () => {
    for (const c of ['home_address', 'family', 'health', 'national_id'] as const) {
      const d = decider();
      d.incident.disclosures = new Map();
      d.incident.disclosures.set('workplace', { firstTime: T0, firstAuthor: 'a' });
      d.incident.disclosures.set(c, { firstTime: T0, firstAuthor: 'a' });
      expect(actions(d.at(T0, 'critical', { publicInterest: 0.9 }).commands)).toEqual(['popup_warning', 'throttle']);
    }
    expect(publicInterestGate(0.9, 0.5, new Set(['phone'] as const), false)).toBe('professional');
    expect(publicInterestGate(0.2, 0.5, new Set(['phone'] as const), false)).toBe('none');
    expect(publicInterestGate(0.2, 0.5, new Set(['phone'] as const), true)).toBe('professional');
  });
});

describe('guarding doxguard’s own power', () => {
  it('past the hourly throttle quota of a platform, sends to review and alerts once', () => {
    const o = options({ quotaPerHour: { throttle: 2 } });
    const { guard } = decider(o);
    const results = ['i1', 'i2', 'i3', 'i4'].map((id) => {
      const d = decider(o, id, ['weibo']);
      return decide4(d, guard);
    });
    expect(results.map((r) => actions(r.commands))).toEqual([
      ['popup_warning', 'throttle'],
      ['popup_warning', 'throttle'],
      ['popup_warning', 'review_takedown'],
      ['popup_warning', 'review_takedown'],
    ]);
    expect(results[2]!.commands[1]!.rule).toBe('guard/quota-review');
    const quotaAlerts = results.flatMap((r) => r.alerts).filter((a) => a.reasons[0]!.code === 'GUARD_QUOTA');
    expect(quotaAlerts).toHaveLength(1);
    expect(quotaAlerts[0]!.level).toBe('critical');
  });

  it('rollout ratio is deterministic by incident id, and 0 is a kill switch', () => {
    const ids = Array.from({ length: 400 }, (_, i) => `inc_${i}`);
    const share = ids.filter((id) => inRollout(id, 'ladder/critical-throttle', 0.25)).length / ids.length;
    expect(share).toBeGreaterThan(0.18);
    expect(share).toBeLessThan(0.32);
    expect(ids.filter((id) => inRollout(id, 'r', 0.25))).toEqual(ids.filter((id) => inRollout(id, 'r', 0.25)));
    const killed = decider(options({ rules: { 'ladder/critical-throttle': { rollout: 0 } } }));
    expect(actions(killed.at(T0, 'critical').commands)).toEqual(['popup_warning']);
  });

  it('holds back a share of incidents at watch (alerts, no commands), but never a notice', () => {
    const o = options({ holdbackShare: 0.5 });
    const id = Array.from({ length: 50 }, (_, i) => `inc_${i}`).find((x) => inHoldback(x, 0.5))!;
    const d = decider(o, id);
    const r = d.at(T0, 'critical');
    expect(r.commands).toEqual([]);
    expect(r.alerts[0]!.reasons[0]!.code).toBe('POLICY_HOLDBACK');
    d.incident.addNotice({
      noticeId: 'n1',
      postKey: 'weibo:p0',
      time: T0,
      reporter: 'victim',
      firstActionTime: null,
    });
    expect(actions(d.at(T0 + MIN, 'critical').commands)).toEqual(['review_takedown']);
  });
});

describe('notices and verdicts', () => {
  it('a notice goes to review with raised priority, and its clock stops at the first action', () => {
    const d = decider();
    d.incident.addNotice({
      noticeId: 'n1',
      postKey: 'weibo:p1',
      time: T0,
      reporter: 'victim',
      firstActionTime: null,
    });
    const r = d.at(T0 + 90_000, 'watch');
    expect(r.commands[0]).toMatchObject({ action: 'review_takedown', rule: 'notice/review' });
    expect(r.commands[0]!.params).toMatchObject({ queue: 'notice', priority: 'urgent', notices: 1 });
    expect(r.noticeToAction).toEqual([90]);
    expect(d.incident.noticeEntries[0]!.firstActionTime).toBe(T0 + 90_000);
  });

  it('a false positive lifts every command, counts per rule and suppresses re-issue', () => {
    const d = decider();
    const issued = d.at(T0, 'critical').commands;
    const verdict: Verdict = {
      type: 'verdict',
      verdictId: 'v1',
      incidentId: d.incident.id,
      commandId: null,
      decision: 'false_positive',
      time: T0 + MIN,
      reviewer: null,
      position: { kind: 'stdin', line: 1 },
    };
    const out = applyVerdict({
      incident: d.incident,
      verdict,
      graph: d.graph,
      guard: d.guard,
      options: d.opts,
      maxPostIds: 50,
    });
    expect(out.commands.map((c) => c.lifts).sort()).toEqual(issued.map((c) => c.id).sort());
    expect(d.incident.commands.size).toBe(0);
    expect(d.at(T0 + 2 * MIN, 'critical').commands).toEqual([]);
    const stats = d.guard.precisionByRule();
    expect(stats.find((s) => s.rule === 'ladder/critical-throttle')).toMatchObject({
      precision: 0,
      stats: { issued: 1, falsePositive: 1 },
    });
    // the same verdict again changes nothing
    expect(
      applyVerdict({ incident: d.incident, verdict, graph: d.graph, guard: d.guard, options: d.opts, maxPostIds: 50 })
        .commands,
    ).toEqual([]);
  });

  it('a confirmation keeps commands and counts towards precision', () => {
    const d = decider();
    const [popup] = d.at(T0, 'warning').commands;
    const verdict: Verdict = {
      type: 'verdict',
      verdictId: 'v2',
      incidentId: null,
      commandId: popup!.id,
      decision: 'confirmed',
      time: T0 + MIN,
      reviewer: 'r1',
      position: { kind: 'stdin', line: 1 },
    };
    expect(d.guard.incidentOfCommand(popup!.id)).toEqual({ incidentId: d.incident.id, rule: 'ladder/warning-popup' });
    applyVerdict({ incident: d.incident, verdict, graph: d.graph, guard: d.guard, options: d.opts, maxPostIds: 50 });
    expect(d.incident.commands.size).toBe(1);
    expect(d.guard.precisionByRule()[0]).toMatchObject({ rule: 'ladder/warning-popup', precision: 1 });
  });
});

function decide4(d: ReturnType<typeof decider>, guard: ReturnType<typeof decider>['guard']) {
  // share one guard across incidents, as the pipeline does
  return decideWith(d, guard);
}
function decideWith(d: ReturnType<typeof decider>, guard: ReturnType<typeof decider>['guard']) {
  return decide({
    incident: d.incident,
    graph: d.graph,
    assessment: assessment(),
    level: 'critical',
    time: T0,
    stepMs: MIN,
    maxPostIds: 50,
    options: d.opts,
    guard,
  });
}
