/**
 * Part (a) of bench/warning: the whole pipeline (PII scanner, every default
 * detector, risk, policy) on a simulated run, scored against its ground truth.
 */
import { createPiiScanner } from '../../detectors/pii/index.js';
import { ConfigSchema } from '../../src/config/index.js';
import { createPipeline } from '../../src/pipeline/index.js';
import type { OutputRecord, Sink, RawRecord } from '../../src/contract/index.js';
import { simulate } from '../../src/simulate/index.js';

export interface WarningResult {
  readonly events: number;
  readonly seconds: number;
  readonly byKind: Record<string, { total: number; warned: number; throttled: number }>;
  readonly background: { cascades: number; warned: number };
  readonly recall: number;
  readonly warnedBy10Percent: number;
  readonly falseAlarmRate: number;
  readonly officialsThrottled: number;
  readonly medianWarnFraction: number;
  readonly noticeToActionSeconds: number[];
}

export async function warningSection(
  seed: number,
  options: Record<string, unknown>,
  now: () => number,
): Promise<WarningResult> {
  const { lines, truth } = simulate({ seed, ...options });
  const secret = 'bench-warning-secret-0123456789';
  const config = ConfigSchema.parse({ fingerprintSecret: secret });
  const records: OutputRecord[] = [];
  const sink: Sink = {
    name: 'memory',
    emit: (r) => void records.push(r),
    flush: async () => {},
    close: async () => {},
  };
  const noticeToAction: number[] = [];
  const { NO_HOOKS } = await import('../../src/contract/index.js');
  const pipeline = createPipeline({
    config,
    sink,
    scanner: createPiiScanner(config.pii, secret),
    hooks: { ...NO_HOOKS, noticeToAction: (s) => void noticeToAction.push(s) },
    timer: null,
  });
  const t0 = now();
  const raw: RawRecord[] = lines.map((l, i) => ({
    value: Buffer.from(l),
    key: null,
    position: { kind: 'file', file: 'sim.ndjson', line: i + 1 },
  }));
  for (let i = 0; i < raw.length; i += 1000)
    await pipeline.handleBatch({ records: raw.slice(i, i + 1000), commit: async () => {} });
  await pipeline.finish();
  const seconds = (now() - t0) / 1000;

  // ground truth: post id -> planted incident; event times
  const timeOf = new Map<string, number>();
  const postTruth = new Map<string, string>();
  const eventOfPost = new Map<string, string>();
  for (const l of lines) {
    if (!l.startsWith('{')) continue;
    try {
      const e = JSON.parse(l) as { eventId?: string; postId?: string; createdAt?: string | number };
      if (!e.eventId || !e.postId || e.createdAt === undefined) continue;
      timeOf.set(e.eventId, typeof e.createdAt === 'number' ? e.createdAt : Date.parse(e.createdAt));
      eventOfPost.set(e.postId, e.eventId);
    } catch {
      /* malformed lines are the dead-letter bench's business */
    }
  }
  const postOfEvent = new Map([...eventOfPost].map(([p, e]) => [e, p]));
  for (const t of truth.incidents)
    for (const ev of t.eventIds) {
      const p = postOfEvent.get(ev);
      if (p) postTruth.set(p, t.incidentId);
    }
  const truthOf = (postIds: readonly string[]): Set<string> =>
    new Set(postIds.map((p) => postTruth.get(p)).filter((x): x is string => x !== undefined));

  const firstWarn = new Map<string, number>();
  const backgroundWarned = new Set<string>();
  const throttled = new Set<string>();
  for (const r of records) {
    if (r.schema === 'doxguard.alert/1' && (r.level === 'warning' || r.level === 'critical')) {
      const ids = truthOf([...r.rootIds, ...r.postIds]);
      const t = Date.parse(r.eventTime);
      if (ids.size === 0) backgroundWarned.add(r.incidentId);
      for (const id of ids) if (!firstWarn.has(id) || firstWarn.get(id)! > t) firstWarn.set(id, t);
    }
    if (r.schema === 'doxguard.intervention/1' && r.action === 'throttle')
      for (const id of truthOf(r.targets.flatMap((x) => x.postIds))) throttled.add(id);
  }

  const byKind: WarningResult['byKind'] = {};
  let early = 0;
  const fractions: number[] = [];
  for (const t of truth.incidents) {
    const k = (byKind[t.incidentKind] ??= { total: 0, warned: 0, throttled: 0 });
    k.total++;
    if (throttled.has(t.incidentId)) k.throttled++;
    const w = firstWarn.get(t.incidentId);
    if (w === undefined) continue;
    k.warned++;
    if (t.incidentKind !== 'doxxing') continue;
    const times = t.eventIds
      .map((e) => timeOf.get(e)!)
      .filter((x) => x !== undefined)
      .sort((a, b) => a - b);
    const tenth = times[Math.max(0, Math.ceil(0.1 * times.length) - 1)]!;
    if (w <= tenth) early++;
    fractions.push(times.filter((x) => x <= w).length / times.length);
  }
  const dox = byKind.doxxing ?? { total: 0, warned: 0, throttled: 0 };
  const benignKinds = ['business', 'news', 'public_interest'];
  const benignWarned = benignKinds.reduce((s, k) => s + (byKind[k]?.warned ?? 0), 0) + backgroundWarned.size;
  const benignTotal = benignKinds.reduce((s, k) => s + (byKind[k]?.total ?? 0), 0) + truth.background.cascades;
  fractions.sort((a, b) => a - b);
  return {
    events: truth.counts.events,
    seconds,
    byKind,
    background: { cascades: truth.background.cascades, warned: backgroundWarned.size },
    recall: dox.total ? dox.warned / dox.total : NaN,
    warnedBy10Percent: dox.total ? early / dox.total : NaN,
    falseAlarmRate: benignTotal ? benignWarned / benignTotal : NaN,
    officialsThrottled: byKind.public_interest?.throttled ?? 0,
    medianWarnFraction: fractions.length ? fractions[Math.floor(fractions.length / 2)]! : NaN,
    noticeToActionSeconds: noticeToAction,
  };
}
