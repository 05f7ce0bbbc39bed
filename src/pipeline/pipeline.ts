import { activateDetectors, DETECTORS, type ActiveDetector } from '../../detectors/index.js';
import type { Config } from '../config/index.js';
import { createDecoder, DedupeWindow, formatLinkPatterns, type Decoder } from '../decode/index.js';
import { createEnricher } from '../enrich/index.js';
import {
  NO_SCANNER,
  type TextScanner,
  type EnrichedEvent,
  type RawBatch,
  type RawRecord,
  type Sink,
  NO_HOOKS,
  type PipelineHooks,
  type LinkClaim,
  type LinkExchange,
} from '../contract/index.js';
import { Incident, IncidentStore, incidentSnapshot } from '../incident/index.js';
import { PolicyGuard } from '../policy/index.js';
import { observeAccounts } from './account-observer.js';
import type { EvidenceLog } from '../evidence/index.js';
import type { RiskAssessment } from '../risk/index.js';
import { DetectorRunner } from './detector-runner.js';
import { gaugesOf, PipelineStats } from './stats.js';
import { PeerJoin } from './peer-join.js';
import { PipelineOutputs } from './outputs.js';
import { LiveOnlyHooks } from './live-hooks.js';
import { Judge } from './judge.js';
import { Feedback } from './feedback.js';
import { Housekeeping } from './housekeeping.js';
import { ownMap } from '../util/index.js';

export interface PipelineDeps {
  readonly config: Readonly<Config>;
  readonly sink: Sink;
  readonly scanner?: TextScanner;
  readonly hooks?: PipelineHooks;
  /** defaults to every enabled detector of config.detectors from the registry */
  readonly detectors?: readonly ActiveDetector[];
  /** monotonic milliseconds (performance.now), for the per-detector latency metric only; null disables timing */
  readonly timer?: (() => number) | null;
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
  /** a tick visits every active incident, not only those due (the same outputs and states: for the twin test) */
  readonly everyTickVisit?: boolean;
}

/**
 * The pipeline, source to sink: decode → enrich → graph → incidents →
 * detectors → risk → policy → sink. Sources call `handleBatch`; everything
 * in between is synchronous and driven by event time alone. This file is the
 * path of one record (`process`); the stages it hands over to:
 * - src/pipeline/feedback.ts: notices, verdicts and deletions;
 * - src/pipeline/detector-runner.ts: every detector's step on an incident;
 * - src/pipeline/judge.ts: risk → level → policy → alerts, commands, snapshots;
 * - src/pipeline/housekeeping.ts: caps, the event-time tick, retiring incidents;
 * - src/pipeline/outputs.ts: every record written (schema, counters, sink, evidence log).
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
  private readonly judge: Judge;
  private readonly feedback: Feedback;
  private readonly house: Housekeeping;
  private maxTime = Number.NEGATIVE_INFINITY;
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
      deps.timer ?? null,
      deps.warmSteps ?? deps.config.limits.packColdStatesAfter ?? Infinity,
      deps.config.metrics.detectorTimingEvery,
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
    const { hooks, out, store, stats, runner, peers, policyGuard: guard } = this;
    const onAssessed = deps.onAssessed ?? null;
    this.judge = new Judge({ config, store, out, guard, hooks, onAssessed });
    this.feedback = new Feedback({ config, store, judge: this.judge, out, guard, hooks, stats });
    // (onAssessed, for fitting the risk model, wants every assessment: a tick skips no settled incident then)
    const everyAssessment = onAssessed !== null;
    this.house = new Housekeeping({
      config,
      store,
      runner,
      judge: this.judge,
      out,
      hooks,
      stats,
      peers,
      everyAssessment,
      everyVisit: deps.everyTickVisit ?? false,
    });
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
    batch.processed?.(); // the source may hand the next batch over while this one flushes and commits
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

  /** One record, source to sink. */
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
    if (record.type === 'notice') return this.feedback.notice(record);
    if (record.type === 'verdict') return this.feedback.verdict(record);
    if (record.type === 'delete') return this.feedback.deletion(record);
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
    this.house.afterEvent(incident, this.maxTime, this.watermark);
  }

  /** End of a finite input: publish the final state of every changed incident. */
  async finish(): Promise<void> {
    for (const incident of this.store.coldestFirst()) this.judge.snapshotIfDue(incident, incident.lastTime, true);
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
      this.judge.snapshotIfDue(incident, Math.max(claim.time, incident.lastTime), true);
    }
  }

  /** An event placed in the graph and its incident; a new post runs the detectors and is judged. */
  private onEvent(event: EnrichedEvent, peer = false): Incident {
    const { incident, absorbed, isNew } = this.store.place(event);
    // (indexed loops over what is mostly a shared frozen empty list: `for…of` over one allocates)
    for (let i = 0; i < absorbed.length; i++) {
      const gone = absorbed[i]!;
      this.runner.merge(incident, gone);
      this.judge.forget(gone);
      this.judge.unsettle(incident);
      const { maxPostIds } = this.deps.config.output;
      if (gone.published)
        this.out.emit(incidentSnapshot(gone, this.store.graph, event.time, 'merged', maxPostIds, incident.id));
    }
    if (!isNew) return incident;
    if (!peer) this.peers?.afterLocal(event, incident);
    if (!peer) observeAccounts(incident, event, this.deps.config.policy.accounts);
    // only what is disclosed about a person the post points at (detectors/pii/attribution.ts): a shop's or a
    // parent's own number, a date read as a phone, is nobody's private fact
    for (let i = 0; i < event.findings.length; i++) {
      const f = event.findings[i]!;
      if (f.about === 'target' && !incident.disclosures.has(f.category))
        (incident.disclosures = ownMap(incident.disclosures)).set(f.category, {
          firstTime: event.time,
          firstAuthor: event.authorId,
        });
    }
    this.feedback.postArrived(incident, event.nodeKey);
    this.runner.step(incident, event, this.store.graph, this.watermark);
    this.judge.evaluate(incident, event.time);
    return incident;
  }

  private reportGauges(): void {
    this.hooks.gauges(gaugesOf(this.judge.queue.keys(), this.store, this.watermark));
  }
}

export function createPipeline(deps: PipelineDeps): Pipeline {
  return new Pipeline(deps);
}
