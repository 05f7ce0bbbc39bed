import { activateDetectors, DETECTORS, type ActiveDetector } from '../../detectors/index.js';
import type { Config } from '../config/index.js';
import { createDecoder, DedupeWindow, formatLinkPatterns, type Decoder } from '../decode/index.js';
import { createEnricher, nodeKey } from '../enrich/index.js';
import {
  NO_SCANNER,
  type TextScanner,
  type Deletion,
  type EnrichedEvent,
  type Notice,
  type Verdict,
  type RawBatch,
  type RawRecord,
  type AlertLevel,
  type Sink,
  NO_HOOKS,
  type PipelineHooks,
  type LinkClaim,
  type LinkExchange,
} from '../contract/index.js';
import { Incident, IncidentStore, incidentSnapshot } from '../incident/index.js';
import { applyVerdict, decide, decideAccounts, NOTHING, PolicyGuard } from '../policy/index.js';
import { observeAccounts, observeNotice } from './account-observer.js';
import type { EvidenceLog } from '../evidence/index.js';
import { assessRisk, levelFor, levelRank, type RiskAssessment } from '../risk/index.js';
import { DetectorRunner } from './detector-runner.js';
import { gaugesOf, PipelineStats } from './stats.js';
import { PeerJoin } from './peer-join.js';
import { PipelineOutputs } from './outputs.js';
import { LiveOnlyHooks } from './live-hooks.js';
import { ownMap } from '../util/index.js';

export interface PipelineDeps {
  readonly config: Readonly<Config>;
  readonly sink: Sink;
  readonly scanner?: TextScanner;
  readonly hooks?: PipelineHooks;
  /** defaults to every enabled detector of config.detectors from the registry */
  readonly detectors?: readonly ActiveDetector[];
  /** wall-clock stopwatch factory, for latency metrics only; null disables timing */
  readonly stopwatch?: (() => () => number) | null;
  /** wall clock (epoch ms), for the event-time-to-emit latency metric only; null: not measured (replays, tests) */
  readonly clock?: (() => number) | null;
  /**
   * called with every risk assessment (each event and tick of an incident), for evaluations that fit the risk
   * model (bench/realistic/fit.ts); absent in production
   */
  readonly onAssessed?: ((incident: Incident, assessment: RiskAssessment, time: number) => void) | null;
  /** validate every output record against its zod schema before it is sent (on by default) */
  readonly validateOutputs?: boolean;
  /** the hash-chained evidence log of alerts, commands, notices and verdicts (src/evidence); flushed with the sink */
  readonly evidence?: EvidenceLog | null;
  /** the source's decoder; defaults to one for config.source (format, platform, public figures) */
  readonly decode?: Decoder;
  /** cross-partition join (kafka.links): this pipeline's input partition and the exchange every partition shares */
  readonly links?: { readonly partition: number; readonly exchange: LinkExchange; readonly joinDelayMs: number };
  /** steps a cold incident's detector states stay objects before they are packed; default limits.packColdStatesAfter */
  readonly warmSteps?: number;
}

/**
 * The pipeline, source to sink: decode → enrich → graph → incidents →
 * detectors → risk → policy → sink. Sources call `handleBatch`; everything
 * in between is synchronous and driven by event time alone.
 */
export class Pipeline {
  readonly store: IncidentStore;
  readonly stats = new PipelineStats();
  /** quotas, per-rule verdict counts (precision per rule) and the command index: src/policy/guard.ts */
  readonly policyGuard = new PolicyGuard();
  private readonly dedupe: DedupeWindow;
  private readonly decode: Decoder;
  private readonly enrich: ReturnType<typeof createEnricher>;
  private readonly runner: DetectorRunner;
  private readonly peers: PeerJoin | null;
  /** counters and histograms held back while rebuilding (src/pipeline/live-hooks.ts) */
  private readonly hooks: LiveOnlyHooks;
  private readonly out: PipelineOutputs;
  private readonly pendingNotices = new Map<string, Notice[]>();
  /** incidents with a level or commands: re-judged on each tick */
  private readonly active = new Set<Incident>();
  /**
   * Active incidents whose last evaluation could not act (policy's NOTHING, no account command, none in force)
   * and that nothing but ticks touched since. While a tick leaves their signals as they were, evaluating them
   * again gives the same score, level and nothing to do: the tick skips it (most ticks of a watched cascade).
   */
  private readonly settled = new Set<Incident>();
  private maxTime = Number.NEGATIVE_INFINITY;
  private nextTick = Number.NEGATIVE_INFINITY;
  /** inside handleBatch/rebuild: late claims wait for its end */
  private inBatch = false;
  private lateScheduled = false;
  private peerFailure: unknown = null;

  constructor(private readonly deps: PipelineDeps) {
    const { config } = deps;
    this.hooks = new LiveOnlyHooks(deps.hooks ?? NO_HOOKS);
    this.out = new PipelineOutputs({
      sink: deps.sink,
      evidence: deps.evidence ?? null,
      hooks: this.hooks,
      stats: this.stats,
      validate: deps.validateOutputs ?? true,
      clock: deps.clock ?? null,
    });
    this.dedupe = new DedupeWindow(config.limits.dedupeCapacity);
    this.decode = deps.decode ?? createDecoder(config.source);
    this.enrich = createEnricher({
      // a platform format's own URL → id mapping first (at:// URIs, fullnames), then the configured patterns
      linkPatterns: [...formatLinkPatterns(config.source), ...config.graph.linkPatterns],
      scanner: deps.scanner ?? NO_SCANNER,
    });
    this.store = new IncidentStore({ ...config.graph, recentPosts: config.output.maxPostIds });
    const detectors = deps.detectors ?? activateDetectors(config.detectors, DETECTORS);
    this.runner = new DetectorRunner(
      detectors,
      this.hooks,
      deps.stopwatch ?? null,
      deps.warmSteps ?? deps.config.limits.packColdStatesAfter ?? Infinity,
    );
    this.peers = deps.links
      ? new PeerJoin(
          {
            ...deps.links,
            ttlMs: config.time.incidentIdleTtlMs + config.time.outOfOrdernessMs,
            onLate: () => this.scheduleLateClaims(),
          },
          this.store,
          this.hooks,
        )
      : null;
  }

  /** Stop taking cross-partition claims (the partition moved away or is rebuilt afresh). */
  close(): void {
    this.peers?.close();
  }

  get watermark(): number {
    return this.maxTime - this.deps.config.time.outOfOrdernessMs;
  }

  /** Process a batch, make its outputs durable, then commit its positions. */
  async handleBatch(batch: RawBatch): Promise<void> {
    if (this.peerFailure !== null) throw this.peerFailure;
    if (batch.rebuild) return this.rebuild(batch.records);
    this.inBatch = true;
    try {
      for (const r of batch.records) this.process(r);
      this.placeDueClaims();
    } finally {
      this.inBatch = false;
    }
    this.reportGauges();
    await this.out.flush();
    await batch.commit();
  }

  /** Run records through every stage without emitting (rebuilding state after a restart). */
  rebuild(records: Iterable<RawRecord>): void {
    this.out.muted = true;
    this.hooks.rebuilding = true;
    this.inBatch = true;
    let n = 0;
    try {
      for (const r of records) {
        this.process(r);
        n++;
      }
    } finally {
      this.out.muted = false;
      this.hooks.rebuilding = false;
      this.inBatch = false;
      this.hooks.rebuilt(n);
    }
  }

  /**
   * A claim of another partition arrived after the local watermark passed it
   * (that partition lags, or this one ran ahead): place it now rather than at
   * the next record, which may not come. Between batches only; its outputs are
   * flushed here, and a failure surfaces at the next batch.
   */
  private scheduleLateClaims(): void {
    if (this.inBatch || this.lateScheduled) return;
    this.lateScheduled = true;
    setImmediate(() => {
      this.lateScheduled = false;
      if (this.inBatch) return;
      this.placeDueClaims();
      this.reportGauges();
      this.out.flush().catch((e: unknown) => {
        this.peerFailure = e;
      });
    });
  }

  private placeDueClaims(): void {
    if (this.peers) for (const claim of this.peers.due(this.watermark)) this.placePeer(claim);
  }

  process(raw: RawRecord): void {
    const decoded = this.decode(raw);
    if (decoded.ok === 'skipped') {
      this.stats.skipped++;
      this.hooks.skipped(decoded.format, decoded.kind);
      return;
    }
    if (!decoded.ok) {
      this.stats.deadLetters++;
      this.hooks.deadLetter(decoded.deadLetter.reason);
      this.hooks.eventIn('unknown', 'dead_letter');
      this.out.emit(decoded.deadLetter);
      return;
    }
    const record = decoded.record;
    if (record.type === 'notice') return this.onNotice(record);
    if (record.type === 'verdict') return this.onVerdict(record);
    if (record.type === 'delete') return this.onDelete(record);
    if (this.dedupe.check(record.eventId)) {
      this.stats.duplicates++;
      this.hooks.eventIn(record.platform, 'duplicate');
      return;
    }
    const late = record.time < this.watermark;
    if (late) this.stats.late++;
    this.hooks.eventIn(record.platform, late ? 'late' : 'accepted');
    this.stats.events++;
    if (record.time > this.maxTime) this.maxTime = record.time;
    const incident = this.onEvent(this.enrich(record));
    this.placeDueClaims();
    this.enforceCaps();
    if (this.watermark >= this.nextTick) this.tick();
    // An event more than the idle TTL behind the watermark makes an incident that is expired already: it
    // leaves now rather than at the next tick. One far-future time (a flipped digit) puts the watermark ahead
    // of every later event, and no tick comes until a later time passes it: bench/fuzz grew 225 -> 730 MB so.
    if (
      incident.lastTime < this.watermark - this.deps.config.time.incidentIdleTtlMs &&
      this.store.get(incident.id) === incident
    )
      this.retire(incident, 'expired', this.watermark);
  }

  /** End of a finite input: publish the final state of every changed incident. */
  async finish(): Promise<void> {
    for (const incident of this.store.coldestFirst()) this.snapshotIfDue(incident, incident.lastTime, true);
    this.reportGauges();
    await this.out.flush();
  }

  /** Another partition's post that shares a link key with one here: placed like a post, its incident named. */
  private placePeer(claim: LinkClaim): void {
    this.onEvent(this.peers!.peerEvent(claim), true);
    const incident = this.store.incidentOfNode(claim.nodeKey);
    if (incident && !incident.peers.has(claim.incidentId)) {
      (incident.peers = ownMap(incident.peers)).set(claim.incidentId, claim.partition);
      incident.dirty = true;
      // A join changes what the incident is: publish it now, not at the next snapshot interval.
      this.snapshotIfDue(incident, Math.max(claim.time, incident.lastTime), true);
    }
  }

  private onEvent(event: EnrichedEvent, peer = false): Incident {
    const { incident, absorbed, isNew } = this.store.place(event);
    for (const gone of absorbed) {
      this.runner.merge(incident, gone);
      this.active.delete(gone);
      this.settled.delete(gone);
      this.settled.delete(incident);
      if (gone.published)
        this.out.emit(incidentSnapshot(gone, this.store.graph, event.time, 'merged', this.maxPostIds, incident.id));
    }
    if (!isNew) return incident;
    if (!peer) this.peers?.afterLocal(event, incident);
    if (!peer) observeAccounts(incident, event, this.deps.config.policy.accounts);
    // only what is disclosed about a person the post points at (detectors/pii/attribution.ts): a shop's or a
    // parent's own number, a date read as a phone, is nobody's private fact
    for (const f of event.findings)
      if (f.about === 'target' && !incident.disclosures.has(f.category))
        (incident.disclosures = ownMap(incident.disclosures)).set(f.category, {
          firstTime: event.time,
          firstAuthor: event.authorId,
        });
    const notices = this.pendingNotices.get(event.nodeKey);
    if (notices) {
      this.pendingNotices.delete(event.nodeKey);
      for (const n of notices) this.attachNotice(incident, n);
    }
    this.runner.step(incident, event, this.store.graph, this.watermark);
    this.evaluate(incident, event.time);
    return incident;
  }

  /** Risk → level → policy → outputs, for one incident at one event time. */
  private evaluate(incident: Incident, time: number): void {
    const { config } = this.deps;
    const assessment = assessRisk(incident.signals, config.risk.weights, config.risk);
    this.deps.onAssessed?.(incident, assessment, time);
    let level = levelFor(assessment.score, incident.level, config.risk.levels, config.risk.hysteresis);
    // A pending notice about a post with disclosures is critical (README "Commands: what a platform is expected to do").
    if (
      incident.noticeEntries.some((n) => n.firstActionTime === null) &&
      level !== null &&
      incident.disclosures.size > 0
    )
      level = 'critical';
    incident.score = assessment.score;
    incident.dimensions = assessment.dimensions;
    const decision = decide({
      incident,
      graph: this.store.graph,
      assessment,
      level,
      time,
      stepMs: config.time.stepMs,
      maxPostIds: this.maxPostIds,
      options: config.policy,
      guard: this.policyGuard,
    });
    if (incident.level !== null || incident.commands.size > 0) this.active.add(incident);
    else this.active.delete(incident);
    for (const a of decision.alerts) this.out.alert(a, time);
    for (const c of decision.commands) this.out.command(c, time);
    this.out.shadow(decision.shadowCommands);
    const accountCommands = decideAccounts({
      incident,
      graph: this.store.graph,
      level: incident.level,
      time,
      stepMs: config.time.stepMs,
      maxPostIds: this.maxPostIds,
      options: config.policy,
    });
    if (config.policy.shadow) this.out.shadow(accountCommands);
    else for (const c of accountCommands) this.out.command(c, time);
    if (decision === NOTHING && accountCommands.length === 0 && incident.accountCommands.size === 0)
      this.settled.add(incident);
    else this.settled.delete(incident);
    for (const s of decision.noticeToAction) this.hooks.noticeToAction(s);
    if (decision.alerts.length > 0) this.snapshotIfDue(incident, time, true);
  }

  private onNotice(notice: Notice): void {
    const key = nodeKey(notice.platform, notice.postId);
    const incident = this.store.incidentOfNode(key);
    this.out.notice(notice, incident?.id ?? null);
    if (incident) {
      this.hooks.feedbackIn('notice', 'joined');
      this.attachNotice(incident, notice);
      this.evaluate(incident, Math.max(notice.time, incident.lastTime));
      return;
    }
    // The post may not have arrived yet: keep the notice (bounded) until it does.
    this.hooks.feedbackIn('notice', 'unmatched');
    const list = this.pendingNotices.get(key) ?? [];
    // bounded per post too: the cap below counts posts, and notices about one post can keep coming
    if (list.length < MAX_PENDING_NOTICES_PER_POST) list.push(notice);
    this.pendingNotices.set(key, list);
    if (this.pendingNotices.size > this.deps.config.limits.maxLiveIncidents) {
      const oldest = this.pendingNotices.keys().next().value as string;
      this.pendingNotices.delete(oldest);
    }
  }

  private attachNotice(incident: Incident, notice: Notice): void {
    if (incident.noticeEntries.some((n) => n.noticeId === notice.noticeId)) return;
    observeNotice(incident, notice);
    incident.noticeEntries.push({
      noticeId: notice.noticeId,
      postKey: nodeKey(notice.platform, notice.postId),
      time: notice.time,
      reporter: notice.reporter,
      firstActionTime: null,
    });
    incident.dirty = true;
    this.stats.notices++;
  }

  /** A post deleted on its platform: marked in the graph, so later commands no longer target it. */
  private onDelete(deletion: Deletion): void {
    const key = nodeKey(deletion.platform, deletion.postId);
    if (!this.store.graph.markDeleted(key)) {
      this.hooks.deletion('unknown');
      return;
    }
    this.hooks.deletion('marked');
    this.stats.deletions++;
    const incident = this.store.incidentOfNode(key);
    if (!incident) return;
    incident.deletedPosts++;
    incident.dirty = true;
  }

  private onVerdict(verdict: Verdict): void {
    const byCommand = verdict.commandId ? this.policyGuard.incidentOfCommand(verdict.commandId) : null;
    const id = verdict.incidentId ?? byCommand?.incidentId;
    const incident = id === undefined ? undefined : this.store.get(id);
    this.hooks.feedbackIn('verdict', incident ? 'joined' : 'unmatched');
    this.out.verdict(verdict, incident?.id ?? null);
    if (!incident) return;
    this.settled.delete(incident);
    const { config } = this.deps;
    const lifts = applyVerdict({
      incident,
      verdict,
      graph: this.store.graph,
      guard: this.policyGuard,
      options: config.policy,
      maxPostIds: this.maxPostIds,
    });
    for (const c of lifts.commands) this.out.command(c, null);
    this.out.shadow(lifts.shadowCommands);
  }

  /** Event-time housekeeping: expire idle incidents, re-judge active ones, publish changed state. */
  private tick(): void {
    const { time } = this.deps.config;
    const wm = this.watermark;
    this.nextTick = (Math.floor(wm / time.tickEveryMs) + 1) * time.tickEveryMs;
    const cutoff = wm - time.incidentIdleTtlMs;
    this.peers?.expire(wm);
    for (const incident of this.store.coldestFirst()) {
      if (incident.lastTime >= cutoff) break;
      this.retire(incident, 'expired', wm);
    }
    // (onAssessed, for fitting the risk model, wants every assessment: no skipping then)
    const skip = this.deps.onAssessed == null;
    for (const incident of [...this.active]) {
      const changed = this.runner.tick(incident, this.store.graph, wm);
      if (changed || !skip || !this.settled.has(incident)) this.evaluate(incident, wm);
      this.snapshotIfDue(incident, wm, false);
    }
  }

  private enforceCaps(): void {
    const { limits } = this.deps.config;
    while (this.store.liveCount > limits.maxLiveIncidents || this.store.graph.order > limits.maxLiveNodes) {
      const coldest = this.store.coldestFirst().next().value;
      if (!coldest) break;
      this.retire(coldest, 'evicted', this.maxTime);
    }
  }

  private retire(incident: Incident, why: 'expired' | 'evicted', time: number): void {
    this.hooks.evicted('incident', why === 'expired' ? 'idle' : 'cap');
    if (why === 'evicted') this.stats.evictions++;
    else this.stats.expired++;
    if (incident.commands.size > 0) this.evaluateLift(incident, time);
    if (incident.published) this.out.emit(incidentSnapshot(incident, this.store.graph, time, why, this.maxPostIds));
    this.active.delete(incident);
    this.settled.delete(incident);
    this.store.remove(incident);
  }

  /** An incident leaving memory lifts the commands it still has in force. */
  private evaluateLift(incident: Incident, time: number): void {
    incident.signals.clear();
    this.evaluate(incident, time);
  }

  /** Publishes an incident's state when it changed: at once when forced, else at most once per snapshot interval. */
  private snapshotIfDue(incident: Incident, time: number, force: boolean): void {
    if (!incident.dirty || levelRank(incident.level) < levelRank(this.minLevel)) return;
    if (
      !force &&
      (!incident.published || time - incident.lastSnapshotTime < this.deps.config.output.incidentSnapshotEveryMs)
    )
      return;
    this.out.emit(incidentSnapshot(incident, this.store.graph, time, 'open', this.maxPostIds));
  }

  private get minLevel(): AlertLevel {
    return this.deps.config.output.incidentMinLevel;
  }

  private get maxPostIds(): number {
    return this.deps.config.output.maxPostIds;
  }

  private reportGauges(): void {
    this.hooks.gauges(gaugesOf(this.active, this.store, this.watermark));
  }
}

/** Notices kept per post that has not arrived yet (a victim, friends, an authority: a few, not thousands). */
const MAX_PENDING_NOTICES_PER_POST = 16;

export function createPipeline(deps: PipelineDeps): Pipeline {
  return new Pipeline(deps);
}
