import type { Incident } from './incident.js';
import type { PropagationGraph } from '../graph/index.js';
import { isoTime } from '../util/index.js';

/** What every incident-related output record starts with: ids traceable to the input. */
export interface RecordBase {
  readonly eventTime: string;
  readonly incidentId: string;
  readonly rootIds: string[];
  readonly postIds: string[];
}

export function postIdOfKey(graph: PropagationGraph, key: string): string {
  return graph.hasNode(key) ? graph.attributes(key).postId : key.slice(key.indexOf(':') + 1);
}

export function recordBase(incident: Incident, graph: PropagationGraph, time: number, maxPostIds: number): RecordBase {
  const rootIds = incident.rootKeys.slice(0, maxPostIds).map((k) => postIdOfKey(graph, k));
  const postIds = [...rootIds];
  // the ids taken so far as a Set: a linear includes() over up to maxPostIds ids for each post was quadratic
  const taken = new Set(postIds);
  for (let i = incident.recentPosts.length - 1; i >= 0 && postIds.length < maxPostIds; i--) {
    const p = incident.recentPosts[i]!;
    if (!taken.has(p)) {
      taken.add(p);
      postIds.push(p);
    }
  }
  return { eventTime: isoTime(time), incidentId: incident.id, rootIds, postIds };
}

/** Per platform, the seen posts of the incident (newest first, capped): who must act on what. */
export function targetsOf(
  incident: Incident,
  graph: PropagationGraph,
  capPerPlatform: number,
): { platform: string; postIds: string[] }[] {
  const byPlatform = new Map<string, { time: number; postId: string }[]>();
  for (const key of incident.members) {
    if (!graph.hasNode(key)) continue;
    const a = graph.attributes(key);
    if (a.kind === null || a.deleted) continue;
    let list = byPlatform.get(a.platform);
    if (!list) byPlatform.set(a.platform, (list = []));
    list.push({ time: a.time, postId: a.postId });
  }
  return byPlatformTargets(byPlatform, capPerPlatform);
}

/** Posts grouped by platform as command targets: platforms sorted, each platform's newest first, capped. */
export function byPlatformTargets(
  byPlatform: ReadonlyMap<string, { time: number; postId: string }[]>,
  capPerPlatform: number,
): { platform: string; postIds: string[] }[] {
  return [...byPlatform.keys()].sort().map((platform) => ({
    platform,
    postIds: byPlatform
      .get(platform)!
      .sort((x, y) => y.time - x.time || (x.postId < y.postId ? -1 : 1))
      .slice(0, capPerPlatform)
      .map((p) => p.postId),
  }));
}
