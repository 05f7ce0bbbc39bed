import type { PropagationGraph } from '../graph/index.js';
import {
  type ActiveCommand,
  byPlatformTargets,
  type FollowCursor,
  type Incident,
  targetsOf,
} from '../incident/index.js';
import type { InterventionRecord, Reason } from '../contract/index.js';
import { ownMap } from '../util/index.js';
import { commandRecord, type RecordContext, type Targets } from './records.js';

/**
 * Commands follow the incident. A command names the posts that existed when it was issued; when the
 * incident gains posts or reaches another platform while the command's rule is in force and wanted, the
 * same evaluation issues a follow-up of the rule naming only the posts no command of the rule named yet,
 * each platform with its own posts. A follow-up names the command it extends (`params.extends`) and
 * shares its expiry, and a lift of that command lifts it too: a renewal (a full command again) and a lift
 * treat a rule's commands as one. A reviewer's verdict naming a follow-up lifts that follow-up alone.
 *
 * Reading is incremental: `members` only grows (a merge appends the other side's), so each rule keeps how
 * far it has read, and the placeholders it read before their post arrived. A rule that came in with the
 * other side of a merge has no cursor here and reads from the start once (naming some posts again).
 */

/** After a full command of the rule: what exists now is named (placeholders wait for their post). */
export function startFollowing(
  incident: Incident,
  graph: PropagationGraph,
  rule: string,
  named: Targets,
  time: number,
): void {
  const waiting = new Set<string>();
  for (const k of incident.members) if (graph.hasNode(k) && graph.attributes(k).kind === null) waiting.add(k);
  (incident.followCursors = ownMap(incident.followCursors)).set(rule, {
    next: incident.members.length,
    waiting,
    platforms: new Set(named.map((t) => t.platform)),
    lastAt: time,
  });
}

/** The cursor of a rule (a fresh one reading from the start when the rule came in with a merge). */
export function cursorOf(incident: Incident, rule: string): FollowCursor {
  let c = incident.followCursors.get(rule);
  if (!c)
    (incident.followCursors = ownMap(incident.followCursors)).set(
      rule,
      (c = { next: 0, waiting: new Set(), platforms: new Set(), lastAt: -Infinity }),
    );
  return c;
}

/** Posts that joined the incident since the rule last read it, per platform (sorted), newest first, capped. */
export function newPosts(incident: Incident, graph: PropagationGraph, cursor: FollowCursor, cap: number): Targets {
  // (most calls, a tick of an incident in force, find nothing new: nothing is allocated for them)
  const fresh: Fresh = { byPlatform: null };
  // (a Set iterates on past its own deletions: no copy needed)
  for (const k of cursor.waiting) if (read(graph, k, fresh)) cursor.waiting.delete(k);
  const { members } = incident;
  for (; cursor.next < members.length; cursor.next++)
    if (!read(graph, members[cursor.next]!, fresh)) cursor.waiting.add(members[cursor.next]!);
  return fresh.byPlatform === null ? [] : byPlatformTargets(fresh.byPlatform, cap);
}

/** The posts newPosts read, by platform (null until one). */
interface Fresh {
  byPlatform: Map<string, { time: number; postId: string }[]> | null;
}

/** Reads one member into `fresh`; false while it is still a placeholder. */
function read(graph: PropagationGraph, key: string, fresh: Fresh): boolean {
  const a = graph.get(key);
  if (a === undefined) return true;
  if (a.kind === null) return false;
  if (a.deleted) return true;
  const byPlatform = (fresh.byPlatform ??= new Map());
  let list = byPlatform.get(a.platform);
  if (!list) byPlatform.set(a.platform, (list = []));
  list.push({ time: a.time, postId: a.postId });
  return true;
}

/** A verdict naming a follow-up of `base`: the lift of that follow-up alone (null when it is not one). */
export function liftFollowUp(
  ctx: RecordContext,
  followUpId: string,
  base: ActiveCommand,
  reasons: readonly Reason[],
): InterventionRecord | null {
  const i = base.followUps?.indexOf(followUpId) ?? -1;
  if (i < 0) return null;
  base.followUps!.splice(i, 1);
  return commandRecord(ctx, {
    rule: base.rule,
    action: 'lift',
    targets: targetsOf(ctx.incident, ctx.graph, ctx.options.maxTargetsPerPlatform),
    reasons,
    lifts: followUpId,
  });
}
