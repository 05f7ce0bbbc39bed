import type { Config } from '../config/index.js';
import type { Deletion, Notice, PipelineHooks, Verdict } from '../contract/index.js';
import { nodeKey } from '../enrich/index.js';
import type { Incident, IncidentStore } from '../incident/index.js';
import { applyVerdict, type PolicyGuard } from '../policy/index.js';
import { BoundedMap } from '../util/index.js';
import { observeNotice } from './account-observer.js';
import type { Judge } from './judge.js';
import type { PipelineOutputs } from './outputs.js';
import type { PipelineStats } from './stats.js';

export interface FeedbackDeps {
  readonly config: Readonly<Config>;
  readonly store: IncidentStore;
  readonly judge: Judge;
  readonly out: PipelineOutputs;
  readonly guard: PolicyGuard;
  readonly hooks: Pick<PipelineHooks, 'feedbackIn' | 'deletion'>;
  readonly stats: PipelineStats;
}

/**
 * What platforms and people tell the pipeline about its incidents: notices
 * (a report about a post: joined to its incident, or kept until the post
 * arrives), verdicts on commands (which may lift them) and deletions.
 */
export class Feedback {
  /** notices about posts that have not arrived yet, by node key (as many posts as live incidents, oldest forgotten) */
  private readonly pending: BoundedMap<string, Notice[]>;

  constructor(private readonly deps: FeedbackDeps) {
    this.pending = new BoundedMap(deps.config.limits.maxLiveIncidents);
  }

  notice(notice: Notice): void {
    const { store, out, hooks } = this.deps;
    const key = nodeKey(notice.platform, notice.postId);
    const incident = store.incidentOfNode(key);
    out.notice(notice, incident?.id ?? null);
    if (incident) {
      hooks.feedbackIn('notice', 'joined');
      this.attach(incident, notice);
      this.deps.judge.evaluate(incident, Math.max(notice.time, incident.lastTime));
      return;
    }
    // The post may not have arrived yet: keep the notice (bounded) until it does.
    hooks.feedbackIn('notice', 'unmatched');
    const list = this.pending.get(key) ?? [];
    // bounded per post too: the cap below counts posts, and notices about one post can keep coming
    if (list.length < MAX_PENDING_NOTICES_PER_POST) list.push(notice);
    this.pending.set(key, list);
  }

  /** A post arrived in `incident`: the notices that waited for it join the incident. */
  postArrived(incident: Incident, postKey: string): void {
    const notices = this.pending.get(postKey);
    if (!notices) return;
    this.pending.delete(postKey);
    for (const n of notices) this.attach(incident, n);
  }

  verdict(verdict: Verdict): void {
    const { store, out, guard, judge, config } = this.deps;
    const byCommand = verdict.commandId ? guard.incidentOfCommand(verdict.commandId) : null;
    const id = verdict.incidentId ?? byCommand?.incidentId;
    // an incident merged into another since its commands went out (the id a verdict or the guard's command
    // index names) is found under the id that absorbed it
    const incident = id === undefined ? undefined : store.resolve(id);
    this.deps.hooks.feedbackIn('verdict', incident ? 'joined' : 'unmatched');
    out.verdict(verdict, incident?.id ?? null);
    if (!incident) return;
    judge.unsettle(incident);
    const lifts = applyVerdict({
      incident,
      verdict,
      graph: store.graph,
      guard,
      options: config.policy,
      maxPostIds: config.output.maxPostIds,
    });
    for (const c of lifts.commands) out.command(c, null);
    out.shadow(lifts.shadowCommands);
  }

  /** A post deleted on its platform: marked in the graph, so later commands no longer target it. */
  deletion(deletion: Deletion): void {
    const { store, hooks } = this.deps;
    const key = nodeKey(deletion.platform, deletion.postId);
    if (!store.graph.markDeleted(key)) {
      hooks.deletion('unknown');
      return;
    }
    hooks.deletion('marked');
    this.deps.stats.deletions++;
    const incident = store.incidentOfNode(key);
    if (!incident) return;
    incident.deletedPosts++;
    incident.dirty = true;
    this.deps.judge.touched(incident);
  }

  private attach(incident: Incident, notice: Notice): void {
    if (incident.noticeEntries.some((n) => n.noticeId === notice.noticeId)) return;
    observeNotice(incident, notice);
    incident.addNotice({
      noticeId: notice.noticeId,
      postKey: nodeKey(notice.platform, notice.postId),
      time: notice.time,
      reporter: notice.reporter,
      firstActionTime: null,
    });
    incident.dirty = true;
    this.deps.stats.notices++;
  }
}

/** Notices kept per post that has not arrived yet (a victim, friends, an authority: a few, not thousands). */
const MAX_PENDING_NOTICES_PER_POST = 16;
