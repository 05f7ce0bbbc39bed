import { describe, expect, it } from 'vitest';
import { PropagationGraph } from '../../../src/graph/index.js';
import { Incident } from '../../../src/incident/index.js';
import { decideAccounts, PolicyOptionsSchema } from '../../../src/policy/index.js';
import { minorCue } from '../../../src/pipeline/account-observer.js';
import { testConfig } from '../../helpers/pipeline.js';
import { demoRecords, runRecords } from '../../helpers/reexpress.js';
import { T0 } from '../../helpers/events.js';
import type { InterventionRecord } from '../../../src/contract/index.js';

const HOUR = 3600_000;

function incidentWithTarget(minor: boolean): Incident {
  const incident = new Incident('inc_test', T0);
  incident.accounts.target(
    { platform: 'bluesky', accountId: 'did:plc:victim', handleFingerprint: null, via: 'mentioned', firstTime: T0 },
    'ev1',
  );
  const p = incident.accounts.participant('bluesky', 'did:plc:doxer', T0, null)!;
  incident.accounts.posted(p, 2);
  incident.accounts.addDisclosure(p, 'phone');
  incident.accounts.evidenceOf(p, 'ev1');
  if (minor) incident.accounts.minor = { cue: 'class', eventId: 'ev1', time: T0 };
  return incident;
}

function run(incident: Incident, level: 'watch' | 'warning' | 'critical' | null, time: number, policy: object = {}) {
  return decideAccounts({
    incident,
    graph: new PropagationGraph(),
    level,
    time,
    stepMs: 60_000,
    maxPostIds: 50,
    options: PolicyOptionsSchema.parse(policy),
  });
}

const actions = (cmds: readonly InterventionRecord[]) => cmds.map((c) => `${c.action} ${c.account?.accountId}`);

describe('account-level commands', () => {
  it('protect the target and warn the discloser from warning, each with its rule and evidence', () => {
    const incident = incidentWithTarget(false);
    expect(run(incident, 'watch', T0)).toEqual([]);
    const cmds = run(incident, 'warning', T0 + 1000);
    expect(actions(cmds)).toEqual(['protect_target did:plc:victim', 'warn_account did:plc:doxer']);
    const [protect, warn] = cmds as [InterventionRecord, InterventionRecord];
    expect(protect.account).toEqual({
      platform: 'bluesky',
      accountId: 'did:plc:victim',
      handleFingerprint: null,
      role: 'target',
      minor: false,
    });
    expect(protect.rule).toBe('accounts/protect-target-mentioned');
    expect(protect.params).toMatchObject({ offer: 'one_click_protection', limitStrangerComments: true });
    expect(protect.ttlSeconds).toBe(7 * 24 * 3600);
    expect(warn.rule).toBe('accounts/warn-discloser');
    expect(warn.reasons[0]!.evidence).toEqual(['ev1']);
    expect(warn.reasons[0]!.message).toContain('phone');
    // in force: not re-issued at the next evaluation
    expect(run(incident, 'warning', T0 + 2000)).toEqual([]);
  });

  it('lifts them once no longer wanted, after the minimum hold', () => {
    const incident = incidentWithTarget(false);
    const issued = run(incident, 'critical', T0);
    expect(run(incident, null, T0 + 60_000)).toEqual([]); // held
    const lifts = run(incident, null, T0 + HOUR);
    expect(lifts.map((c) => [c.action, c.lifts])).toEqual(issued.map((c) => ['lift', c.id]));
    expect(lifts.every((c) => c.account !== undefined)).toBe(true);
  });

  it('a minor target: the stricter ladder acts at watch, and protection lasts longer', () => {
    const incident = incidentWithTarget(true);
    const cmds = run(incident, 'watch', T0);
    expect(actions(cmds)).toEqual(['protect_target did:plc:victim', 'warn_account did:plc:doxer']);
    expect(cmds[0]!.account!.minor).toBe(true);
    expect(cmds[0]!.ttlSeconds).toBe(4 * 7 * 24 * 3600);
    expect(cmds[1]!.params).toMatchObject({ message: 'doxxing_minor_account_warning' });
  });

  it('is switchable per platform and as a whole', () => {
    expect(
      actions(
        run(incidentWithTarget(false), 'critical', T0, {
          accounts: { platforms: { bluesky: { warn_account: false } } },
        }),
      ),
    ).toEqual(['protect_target did:plc:victim']);
    expect(run(incidentWithTarget(false), 'critical', T0, { accounts: { enabled: false } })).toEqual([]);
  });

  const DAY = 24 * HOUR;
  function withParticipant(created: number | null, drives: boolean): Incident {
    const incident = new Incident('inc_fresh', T0);
    const p = incident.accounts.participant('mastodon', '10987', T0, created)!;
    incident.accounts.posted(p);
    if (drives) incident.accounts.mobilised(p);
    incident.accounts.evidenceOf(p, 'ev9');
    return incident;
  }
  const verified = (incident: Incident, policy: object = {}) =>
    run(incident, 'critical', T0, policy).filter((c) => c.action === 'verify_account');

  it('asks to re-verify a fresh account that drives the incident, saying how fresh and what it did', () => {
    const [cmd, ...rest] = verified(withParticipant(T0 - 2 * DAY - HOUR, true));
    expect(rest).toEqual([]);
    expect(cmd!.rule).toBe('accounts/verify-fresh');
    expect(cmd!.reasons[0]!.code).toBe('ACCOUNT_FRESH');
    expect(cmd!.reasons[0]!.message).toBe('an account created 2 days before it called to find or harass');
    expect(cmd!.reasons[0]!.evidence).toEqual(['ev9']);
    expect(cmd!.params).toEqual({ method: 'identity_reverification', restrictUntilVerified: true });
  });

  it('not an old account, not one whose age is unknown, not a fresh one that only reshares, not when off', () => {
    expect(verified(withParticipant(T0 - 8 * DAY, true))).toEqual([]);
    expect(verified(withParticipant(null, true))).toEqual([]);
    expect(verified(withParticipant(T0 - HOUR, false))).toEqual([]);
    expect(verified(withParticipant(T0 - HOUR, true), { accounts: { freshAccountDays: 0 } })).toEqual([]);
    expect(verified(withParticipant(T0 - 8 * DAY, true), { accounts: { freshAccountDays: 30 } })).toHaveLength(1);
  });

  it('an account commanded keeps its command while it qualifies: a busier newcomer does not lift it', () => {
    const incident = new Incident('inc_cap', T0);
    const add = (id: string, posts: number) => {
      const p = incident.accounts.participant('x', id, T0, null)!;
      incident.accounts.posted(p, posts);
      incident.accounts.mobilised(p);
      incident.accounts.evidenceOf(p, `ev_${id}`);
    };
    add('a1', 1);
    add('a2', 1);
    const policy = { accounts: { maxPerIncident: 2 } };
    const first = run(incident, 'warning', T0, policy).filter((c) => c.action === 'warn_account');
    expect(first.map((c) => c.account?.accountId)).toEqual(['a1', 'a2']);
    add('busy', 9);
    const later = run(incident, 'warning', T0 + 2 * HOUR, policy);
    expect(later.filter((c) => c.action === 'lift')).toEqual([]);
    expect(later.filter((c) => c.action === 'warn_account')).toEqual([]);
  });

  it('ranks again when the ledger changes between evaluations at one level (kept candidates never stale)', () => {
    const incident = new Incident('inc_plan', T0);
    const options = PolicyOptionsSchema.parse({});
    const graph = new PropagationGraph();
    const at = (time: number) =>
      actions(decideAccounts({ incident, graph, level: 'warning', time, stepMs: 60_000, maxPostIds: 50, options }));
    const ledger = incident.accounts;
    const a = ledger.participant('x', 'a1', T0, null)!;
    ledger.posted(a);
    ledger.mobilised(a);
    ledger.evidenceOf(a, 'ev_a1');
    expect(at(T0)).toEqual(['warn_account a1']);
    expect(at(T0 + 60_000)).toEqual([]);
    const b = ledger.participant('x', 'b1', T0 + 1, null)!;
    ledger.posted(b);
    expect(at(T0 + 120_000)).toEqual([]);
    ledger.mobilised(b);
    expect(at(T0 + 180_000)).toEqual(['warn_account b1']);
    ledger.target({ platform: 'x', accountId: 'victim', handleFingerprint: null, via: 'notice', firstTime: T0 }, 'nt1');
    expect(at(T0 + 240_000)).toEqual(['protect_target victim']);
    // nothing changed since: nothing to do
    expect(at(T0 + 300_000)).toEqual([]);
  });

  it('recognises a minor by class, grade or age, not by look-alikes', () => {
    for (const t of [
      '她在初二3班',
      '三年级的学生',
      '他才15岁',
      'my son is 14 years old',
      'she is in grade 7',
      'aged 13',
    ])
      expect(minorCue(t), t).not.toBeNull();
    for (const t of [
      'grade A beef',
      'a class action lawsuit',
      '18岁以上',
      '15 years of experience',
      '坐了3班车',
      'aged 30',
      '二十岁',
    ])
      expect(minorCue(t), t).toBeNull();
  });
});

describe('account-level commands on the demo', async () => {
  const config = testConfig();
  // the victim's notice names the victim's account, as a platform's notice form would
  const input = demoRecords().map((r) => (r.noticeId === 'nt_dox-2_1' ? { ...r, accountId: 'x-victim-1' } : r));
  const toRaw = (rs: Record<string, unknown>[]) =>
    rs.map((r, i) => ({
      value: Buffer.from(JSON.stringify(r)),
      key: null,
      position: { kind: 'file' as const, file: 'demo', line: i + 1 },
    }));
  const records = await runRecords(config, toRaw(input));
  const commands = records.filter((r): r is InterventionRecord => r.schema === 'doxguard.intervention/1');

  it('protects the account the victim notice names, and warns accounts that disclosed or mobilised', () => {
    const protect = commands.filter((c) => c.action === 'protect_target');
    expect(protect.map((c) => [c.account?.platform, c.account?.accountId, c.rule])).toContainEqual([
      'x',
      'x-victim-1',
      'accounts/protect-target-notice',
    ]);
    const warned = commands.filter((c) => c.action === 'warn_account');
    expect(warned.length).toBeGreaterThan(0);
    for (const c of warned) {
      expect(c.account?.role).toBe('participant');
      expect(c.reasons[0]!.evidence.length).toBeGreaterThan(0);
      expect(c.reasons[0]!.evidence.every((e) => e.startsWith('ev_'))).toBe(true);
    }
  }, 60_000);

  it('sends nothing in shadow mode', async () => {
    const shadow = await runRecords(testConfig({ policy: { shadow: true } }), toRaw(input));
    expect(shadow.filter((r) => r.schema === 'doxguard.intervention/1')).toEqual([]);
  }, 60_000);
});
