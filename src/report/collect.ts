import { createReadStream } from 'node:fs';
import type { Config } from '../config/index.js';
import { resolveSecret, createScanner } from '../app/index.js';
import { nodeKey } from '../enrich/index.js';
import { createPipeline } from '../pipeline/index.js';
import type {
  AlertRecord,
  Finding,
  IncidentRecord,
  InterventionRecord,
  OutputRecord,
  PiiCategory,
  TextScanner,
} from '../contract/index.js';
import { createMemorySink } from '../sink/index.js';
import { readLines } from '../source/index.js';

/** One post of an incident as the report draws it (ids as in the input; no text). */
export interface ReportPost {
  readonly key: string;
  readonly platform: string;
  readonly postId: string;
  readonly authorId: string;
  readonly time: number;
  readonly eventId: string;
}

export interface ReportEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: string;
}

/** What the incident's posts disclose about the person targeted, per category: redacted snippets only. */
export interface ReportDisclosure {
  readonly category: PiiCategory;
  /** distinct redacted renderings (`138****5678`), first seen first, at most 3 */
  readonly snippets: readonly string[];
  /** posts disclosing it */
  readonly posts: number;
}

/** Everything the report shows of one incident. */
export interface IncidentData {
  readonly incidentId: string;
  /** the last snapshot published (null when the incident never reached output.incidentMinLevel) */
  readonly incident: IncidentRecord | null;
  /** every snapshot, oldest first: the risk dimensions over time */
  readonly snapshots: readonly IncidentRecord[];
  readonly alerts: readonly AlertRecord[];
  readonly commands: readonly InterventionRecord[];
  readonly posts: readonly ReportPost[];
  readonly edges: readonly ReportEdge[];
  readonly disclosures: readonly ReportDisclosure[];
}

export interface Collected {
  readonly incidents: ReadonlyMap<string, IncidentData>;
  readonly outputs: readonly OutputRecord[];
}

interface Building {
  incident: IncidentRecord | null;
  snapshots: IncidentRecord[];
  alerts: AlertRecord[];
  commands: InterventionRecord[];
  posts: ReportPost[];
  edges: ReportEdge[];
}

/**
 * Run NDJSON history through the pipeline (the same one `run` and `replay`
 * use) and gather, per incident, its posts, propagation edges, alerts,
 * commands and snapshots. Incidents that merged are folded into the one
 * they merged into. Post text is never kept.
 */
export async function collectIncidents(config: Readonly<Config>, files: readonly string[]): Promise<Collected> {
  const sink = createMemorySink();
  const { secret } = resolveSecret(config);
  // The scanner's findings about a person the post points at, per event: their redacted snippets only.
  const scanner = await createScanner(config, secret);
  const found = new Map<string, readonly Finding[]>();
  const recording: TextScanner = {
    scan: (text, event) => {
      const findings = scanner.scan(text, event);
      const about = findings.filter((f) => f.about === 'target');
      if (about.length) found.set(event.eventId, about);
      return findings;
    },
  };
  const pipeline = createPipeline({ config, sink, scanner: recording });
  const membership = new Map<string, string>(); // node key -> incident id when placed
  const posts: (ReportPost & { incidentId: string })[] = [];
  const edges: (ReportEdge & { incidentId: string })[] = [];
  for (const file of files) {
    for await (const { bytes, line } of readLines(createReadStream(file))) {
      pipeline.process({ value: bytes.length ? bytes : null, key: null, position: { kind: 'file', file, line } });
      const event = asEvent(bytes);
      if (!event) continue;
      const key = nodeKey(event.platform, event.postId);
      const incident = pipeline.store.incidentOfNode(key);
      if (!incident || membership.has(key)) continue;
      membership.set(key, incident.id);
      posts.push({ ...event, key, incidentId: incident.id });
      for (const e of pipeline.store.graph.inEdges(key))
        edges.push({ from: e.source, to: key, kind: e.kind, incidentId: incident.id });
    }
  }
  await pipeline.finish();

  const mergedInto = new Map<string, string>();
  for (const r of sink.records)
    if (r.schema === 'doxguard.incident/1' && r.status === 'merged' && r.mergedInto)
      mergedInto.set(r.incidentId, r.mergedInto);
  const final = (id: string): string => {
    const seen = new Set<string>();
    while (mergedInto.has(id) && !seen.has(id)) {
      seen.add(id);
      id = mergedInto.get(id)!;
    }
    return id;
  };
  const by = new Map<string, Building>();
  const get = (id: string): Building => {
    const f = final(id);
    let b = by.get(f);
    if (!b) by.set(f, (b = { incident: null, snapshots: [], alerts: [], commands: [], posts: [], edges: [] }));
    return b;
  };
  for (const r of sink.records) {
    if (r.schema === 'doxguard.alert/1') get(r.incidentId).alerts.push(r);
    else if (r.schema === 'doxguard.intervention/1') get(r.incidentId).commands.push(r);
    else if (r.schema === 'doxguard.incident/1' && r.status !== 'merged') {
      const b = get(r.incidentId);
      b.snapshots.push(r);
      b.incident = r;
    }
  }
  for (const { incidentId, ...p } of posts) if (by.has(final(incidentId))) get(incidentId).posts.push(p);
  for (const { incidentId, ...e } of edges) if (by.has(final(incidentId))) get(incidentId).edges.push(e);
  const incidents = new Map<string, IncidentData>();
  for (const [incidentId, b] of by)
    if (b.alerts.length || b.incident)
      incidents.set(incidentId, { incidentId, ...b, disclosures: disclosuresOf(b.posts, found) });
  return { incidents, outputs: sink.records };
}

function disclosuresOf(
  posts: readonly ReportPost[],
  found: ReadonlyMap<string, readonly Finding[]>,
): ReportDisclosure[] {
  const by = new Map<PiiCategory, { snippets: string[]; posts: number }>();
  for (const p of posts) {
    const categories = new Set<PiiCategory>();
    for (const f of found.get(p.eventId) ?? []) {
      let d = by.get(f.category);
      if (!d) by.set(f.category, (d = { snippets: [], posts: 0 }));
      if (d.snippets.length < 3 && !d.snippets.includes(f.snippet)) d.snippets.push(f.snippet);
      categories.add(f.category);
    }
    for (const c of categories) by.get(c)!.posts++;
  }
  return [...by]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([category, d]) => ({ category, snippets: d.snippets, posts: d.posts }));
}

function asEvent(bytes: Uint8Array): Omit<ReportPost, 'key'> | null {
  try {
    const r = JSON.parse(Buffer.from(bytes).toString('utf8')) as Record<string, unknown>;
    if ((r.type ?? 'event') !== 'event') return null;
    const { platform, postId, authorId, eventId, createdAt } = r;
    if (typeof platform !== 'string' || typeof postId !== 'string' || typeof authorId !== 'string') return null;
    const time = typeof createdAt === 'number' ? createdAt : Date.parse(String(createdAt));
    if (!Number.isFinite(time)) return null;
    return { platform, postId, authorId, eventId: String(eventId), time };
  } catch {
    return null;
  }
}
