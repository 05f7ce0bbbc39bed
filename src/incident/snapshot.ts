import type { PropagationGraph } from '../graph/index.js';
import { recordBase } from './record-base.js';
import { SCHEMAS, type IncidentRecord, type Participant } from '../contract/index.js';
import { contentId, isoTime, type ValueTexts } from '../util/index.js';
import type { Incident } from './incident.js';

const MAX_PARTICIPANTS = 20;

/** The latest state of an incident, for the compacted incidents topic. */
export function incidentSnapshot(
  incident: Incident,
  graph: PropagationGraph,
  time: number,
  status: IncidentRecord['status'],
  maxPostIds: number,
  mergedInto: string | null = null,
): IncidentRecord {
  incident.snapshotVersion++;
  incident.lastSnapshotTime = time;
  incident.dirty = false;
  incident.published = true;
  const shared: ValueTexts[] = [];
  const named = participantsOf(incident, graph, shared);
  // the id hashes the content: a snapshot re-made after a restart or a SIGTERM is the same record or a new id
  return contentId(
    'snp',
    {
      schema: SCHEMAS.incident,
      id: '',
      ...recordBase(incident, graph, time, maxPostIds),
      status,
      mergedInto,
      level: incident.level,
      score: incident.score,
      dimensions: { ...incident.dimensions },
      firstEventTime: isoTime(incident.firstTime),
      lastEventTime: isoTime(incident.lastTime),
      size: incident.size,
      authors: incident.authors,
      platforms: [...incident.platforms].sort(),
      piiCategories: [...incident.disclosures.keys()].sort(),
      participants: named,
      forecast: latestForecast(incident),
      ...(incident.peers.size > 0 ? { linkedIncidents: linkedIncidents(incident) } : {}),
      ...(incident.deletedPosts > 0 ? { deletedPosts: incident.deletedPosts } : {}),
    },
    shared,
  );
}

/**
 * Each incident's participants as its last snapshot wrote them, with their texts. A big incident is snapshotted
 * again and again, and its top posters seldom change from one snapshot to the next (the participants are half of
 * a snapshot's bytes): the same list is then written with the texts made for it before, not serialised again.
 * (Held while the incident lives; the list is the previous snapshot's own, which never changes once made.)
 */
const LAST_PARTICIPANTS = new WeakMap<Incident, ValueTexts>();

/** The incident's participants; their texts pushed to `shared` (the previous snapshot's list when it is alike). */
function participantsOf(incident: Incident, graph: PropagationGraph, shared: ValueTexts[]): Participant[] {
  const list = participants(incident, graph);
  const last = LAST_PARTICIPANTS.get(incident);
  if (last !== undefined && sameParticipants(last.value as Participant[], list)) {
    shared.push(last);
    return last.value as Participant[];
  }
  const texts = participantTexts(list);
  LAST_PARTICIPANTS.set(incident, texts);
  shared.push(texts);
  return list;
}

/**
 * The texts valueTexts makes of a participant list (tests/unit/incident/participants.test.ts), written out: a
 * participant's keys are out of sorted order (authorId, role, posts), so the general walk wrote each member and
 * joined it in both orders, several strings per participant at every snapshot whose participants changed.
 */
export function participantTexts(list: readonly Participant[]): ValueTexts {
  // joined, not appended: flat texts (kept until the next snapshot), the items die young
  const sorted = new Array<string>(list.length);
  const plain = new Array<string>(list.length);
  for (let i = 0; i < list.length; i++) {
    const { authorId, role, posts } = list[i]!;
    const id = JSON.stringify(authorId);
    const r = JSON.stringify(role);
    const n = JSON.stringify(posts);
    sorted[i] = `{"authorId":${id},"posts":${n},"role":${r}}`;
    plain[i] = `{"authorId":${id},"role":${r},"posts":${n}}`;
  }
  return { value: list, sorted: `[${sorted.join(',')}]`, plain: `[${plain.join(',')}]` };
}

/** The same participants in the same order (participants() makes each one with the same members in one order). */
function sameParticipants(a: readonly Participant[], b: readonly Participant[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.authorId !== y.authorId || x.role !== y.role || x.posts !== y.posts) return false;
  }
  return true;
}

/** The size forecast a detector (cascade/forecast) signals for the incident, if any. */
function latestForecast(incident: Incident): IncidentRecord['forecast'] {
  for (const signals of incident.signals.values())
    for (const s of signals)
      if (s.forecast)
        return {
          finalSize: s.forecast.finalSize,
          low: s.forecast.low,
          high: s.forecast.high,
          observedAt: isoTime(s.forecast.observedAt),
        };
  return null;
}

function linkedIncidents(incident: Incident): { incidentId: string; partition: number }[] {
  return [...incident.peers]
    .map(([incidentId, partition]) => ({ incidentId, partition }))
    .sort((a, b) => (a.incidentId < b.incidentId ? -1 : a.incidentId > b.incidentId ? 1 : 0));
}

/** Who did what: originators, consolidators (first to disclose a category), top spreaders, then the most active. */
export function participants(incident: Incident, graph: PropagationGraph): Participant[] {
  const roles = new Map<string, Participant['role']>();
  for (const r of incident.rootKeys) {
    const a = graph.hasNode(r) ? graph.attributes(r).authorId : null;
    if (a !== null && !roles.has(a)) roles.set(a, 'originator');
  }
  for (const d of [...incident.disclosures.values()].sort((x, y) => x.firstTime - y.firstTime))
    if (!roles.has(d.firstAuthor)) roles.set(d.firstAuthor, 'consolidator');
  // A viral incident has tens of thousands of authors and is snapshotted again and again: the few needed
  // (Counts.top: kept up to date as a big incident grows), not a sort of every author each time.
  for (const [a] of incident.authorReach.top(5)) if (!roles.has(a)) roles.set(a, 'spreader');
  // The top MAX_PARTICIPANTS posters suffice: of them at most roles.size are named already, and the
  // rest fill the list up to MAX_PARTICIPANTS.
  if (roles.size < MAX_PARTICIPANTS)
    for (const [a] of incident.authorPosts.top(MAX_PARTICIPANTS)) {
      if (roles.size >= MAX_PARTICIPANTS) break;
      if (!roles.has(a)) roles.set(a, 'participant');
    }
  return [...roles]
    .slice(0, MAX_PARTICIPANTS)
    .map(([authorId, role]) => ({ authorId, role, posts: incident.authorPosts.get(authorId) ?? 0 }));
}
