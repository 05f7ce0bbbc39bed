/**
 * Runs units through the pipeline `doxguard run` uses (decode, enrich with
 * the PII scanner, graph, incidents, every configured detector, risk,
 * policy), all units' events merged in event-time order as one stream, and
 * reads back, per unit, when it was first warned and which commands it got.
 */
import { createPiiScanner } from '../../detectors/pii/index.js';
import type { Config } from '../../src/config/index.js';
import { createPipeline } from '../../src/pipeline/index.js';
import type { OutputRecord, RawRecord, Sink } from '../../src/contract/index.js';
import { Progress } from '../../src/app/index.js';
import type { Incident } from '../../src/incident/index.js';
import type { RiskAssessment } from '../../src/risk/index.js';
import type { Unit } from './units.js';

export interface UnitOutcome {
  /** event time of the first `warning` or `critical` alert naming the unit, or null */
  firstWarn: number | null;
  /** share of the unit's posts at or before that time */
  warnFraction: number | null;
  /** the first warning came no later than the post at 10% of the unit's posts */
  warnedEarly: boolean;
  readonly actions: Record<string, number>;
  /** reason codes (detector:code) other than spread, and categories, of the first warning */
  reasons: string[];
  categories: string[];
  dimensions: Record<string, number> | null;
}

export interface RunResult {
  readonly outcomes: UnitOutcome[];
  readonly events: number;
  readonly seconds: number;
}

const TAG = /^u(\d+)p/;

/** The unit a post id names (`u<index>p<n>`), or -1. */
export const unitOf = (postId: string): number => {
  const m = TAG.exec(postId);
  return m ? Number(m[1]) : -1;
};

export function eventLine(u: Unit, ui: number, i: number): string {
  const p = u.posts[i]!;
  let root = i;
  while (u.posts[root]!.parent !== null) root = u.posts[root]!.parent!;
  return JSON.stringify({
    eventId: `u${ui}e${i}`,
    platform: p.platform ?? u.platform,
    kind: p.kind,
    postId: `u${ui}p${i}`,
    parentId: p.parent === null ? null : `u${ui}p${p.parent}`,
    rootId: `u${ui}p${root}`,
    authorId: `u${ui}${p.author}`,
    createdAt: p.time,
    text: p.text,
    lang: u.lang === 'zh' ? 'zh-CN' : 'en',
    ...(p.mentions ? { mentions: p.mentions } : {}),
    ...(p.urls ? { urls: p.urls } : {}),
    ...(p.mediaHashes ? { mediaHashes: p.mediaHashes } : {}),
  });
}

/** Sees every risk assessment with the units its incident's roots belong to (bench/realistic/fit.ts). */
export type AssessmentObserver = (units: readonly number[], assessment: RiskAssessment, time: number) => void;

export async function runUnits(
  units: readonly Unit[],
  config: Readonly<Config>,
  secret: string,
  label: string,
  clock: () => number,
  observe: AssessmentObserver | null = null,
): Promise<RunResult> {
  const outcomes: UnitOutcome[] = units.map(() => ({
    firstWarn: null,
    warnFraction: null,
    warnedEarly: false,
    actions: {},
    reasons: [],
    categories: [],
    dimensions: null,
  }));
  const named = (ids: readonly string[]): Set<number> => {
    const out = new Set<number>();
    for (const id of ids) {
      const u = unitOf(id);
      if (u >= 0) out.add(u);
    }
    return out;
  };
  const onRecord = (r: OutputRecord): void => {
    if (r.schema === 'doxguard.alert/1' && (r.level === 'warning' || r.level === 'critical')) {
      const t = Date.parse(r.eventTime);
      for (const u of named([...r.rootIds, ...r.postIds])) {
        const o = outcomes[u]!;
        if (o.firstWarn !== null && o.firstWarn <= t) continue;
        o.firstWarn = t;
        // spread is in every warning; what a reviewer asks is which harm signal carried it
        o.reasons = r.reasons.filter((x) => x.dimension !== 'spread').map((x) => `${x.detector}:${x.code}`);
        o.categories = [...r.piiCategories];
        o.dimensions = { ...r.dimensions, score: r.score };
      }
    }
    if (r.schema === 'doxguard.intervention/1')
      for (const u of named(r.targets.flatMap((t) => t.postIds))) {
        const a = outcomes[u]!.actions;
        a[r.action] = (a[r.action] ?? 0) + 1;
      }
  };
  const sink: Sink = { name: 'memory', emit: onRecord, flush: async () => {}, close: async () => {} };
  const onAssessed = observe
    ? (incident: Incident, assessment: RiskAssessment, time: number): void =>
        observe([...named(incident.rootKeys.map((k) => k.slice(k.indexOf(':') + 1)))], assessment, time)
    : null;
  const pipeline = createPipeline({
    config,
    sink,
    scanner: createPiiScanner(config.pii, secret),
    timer: null,
    onAssessed,
  });

  const order: [number, number, number][] = [];
  units.forEach((u, ui) => u.posts.forEach((p, i) => order.push([p.time, ui, i])));
  order.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
  const progress = new Progress(label, order.length, process.stderr);
  const t0 = clock();
  const BATCH = 1000;
  for (let s = 0; s < order.length; s += BATCH) {
    const records: RawRecord[] = [];
    for (let k = s; k < Math.min(order.length, s + BATCH); k++) {
      const [, ui, i] = order[k]!;
      records.push({
        value: Buffer.from(eventLine(units[ui]!, ui, i)),
        key: null,
        position: { kind: 'file', file: label, line: k + 1 },
      });
    }
    await pipeline.handleBatch({ records, commit: async () => {} });
    progress.advance(records.length);
  }
  await pipeline.finish();
  progress.finish();

  units.forEach((u, ui) => {
    const o = outcomes[ui]!;
    if (o.firstWarn === null) return;
    const times = u.posts.map((p) => p.time).sort((a, b) => a - b);
    const tenth = times[Math.max(0, Math.ceil(0.1 * times.length) - 1)]!;
    o.warnedEarly = o.firstWarn <= tenth;
    o.warnFraction = times.filter((t) => t <= o.firstWarn!).length / times.length;
  });
  return { outcomes, events: order.length, seconds: (clock() - t0) / 1000 };
}
