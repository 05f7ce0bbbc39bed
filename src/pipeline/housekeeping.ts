import type { Config } from '../config/index.js';
import type { PipelineHooks } from '../contract/index.js';
import { type Incident, type IncidentStore, incidentSnapshot } from '../incident/index.js';
import type { DetectorRunner } from './detector-runner.js';
import type { Judge } from './judge.js';
import type { PipelineOutputs } from './outputs.js';
import type { PeerJoin } from './peer-join.js';
import type { PipelineStats } from './stats.js';

export interface HousekeepingDeps {
  readonly config: Readonly<Config>;
  readonly store: IncidentStore;
  readonly runner: DetectorRunner;
  readonly judge: Judge;
  readonly out: PipelineOutputs;
  readonly hooks: Pick<PipelineHooks, 'evicted'>;
  readonly stats: PipelineStats;
  readonly peers: PeerJoin | null;
  /** re-evaluate settled incidents on a tick too (every assessment is wanted: fitting the risk model) */
  readonly everyAssessment: boolean;
  /** visit every active incident at every tick, not only those due (the twin of the due-only tick, for tests) */
  readonly everyVisit?: boolean;
}

/**
 * Event-time housekeeping after each event: the caps on live incidents and
 * graph nodes (the coldest evicted), the tick (expire idle incidents,
 * re-judge active ones, publish changed state), and the retirement of an
 * incident, which lifts the commands it still has in force.
 */
export class Housekeeping {
  private nextTick = Number.NEGATIVE_INFINITY;

  constructor(private readonly deps: HousekeepingDeps) {}

  /** After an event placed in `incident`: `maxTime` the latest event time, `watermark` what it implies. */
  afterEvent(incident: Incident, maxTime: number, watermark: number): void {
    const { config, store } = this.deps;
    this.enforceCaps(maxTime);
    if (watermark >= this.nextTick) this.tick(watermark);
    // An event more than the idle TTL behind the watermark makes an incident that is expired already: it
    // leaves now rather than at the next tick. One far-future time (a flipped digit) puts the watermark ahead
    // of every later event, and no tick comes until a later time passes it: bench/fuzz grew 225 -> 730 MB so.
    if (incident.lastTime < watermark - config.time.incidentIdleTtlMs && store.get(incident.id) === incident)
      this.retire(incident, 'expired', watermark);
  }

  /** Expire idle incidents, re-judge active ones, publish changed state. */
  private tick(wm: number): void {
    const { config, store, runner, judge } = this.deps;
    const { time } = config;
    this.nextTick = (Math.floor(wm / time.tickEveryMs) + 1) * time.tickEveryMs;
    const cutoff = wm - time.incidentIdleTtlMs;
    this.deps.peers?.expire(wm);
    for (const incident of store.coldestFirst()) {
      if (incident.lastTime >= cutoff) break;
      this.retire(incident, 'expired', wm);
    }
    // Every active incident in the active Set's order; one whose tick would run only the detectors' shared parts
    // (not due, settled, nothing to publish: src/pipeline/tick-queue.ts) gets just those, untouched.
    const { queue } = judge;
    const everyVisit = this.deps.everyAssessment || this.deps.everyVisit === true;
    queue.compact();
    const n = queue.length;
    for (let slot = 0; slot < n; slot++) {
      const incident = queue.at(slot);
      if (incident === undefined) continue;
      if (!everyVisit && wm < queue.quietUntil(slot)) {
        runner.skipShared(queue.sharedMask(slot), wm);
        continue;
      }
      const changed = runner.tick(incident, store.graph, wm);
      if (changed || this.deps.everyAssessment || !judge.settled.has(incident)) judge.evaluate(incident, wm);
      judge.snapshotIfDue(incident, wm, false);
      // (an evaluation may have taken it out of the active ones)
      if (queue.at(slot) === incident)
        queue.settle(
          slot,
          Math.min(judge.idleUntil(incident), runner.quietUntil(incident)),
          runner.sharedMask(incident),
        );
    }
  }

  private enforceCaps(maxTime: number): void {
    const { limits } = this.deps.config;
    const { store } = this.deps;
    while (store.liveCount > limits.maxLiveIncidents || store.graph.order > limits.maxLiveNodes) {
      const coldest = store.coldestFirst().next().value;
      if (!coldest) break;
      this.retire(coldest, 'evicted', maxTime);
    }
  }

  private retire(incident: Incident, why: 'expired' | 'evicted', time: number): void {
    const { stats, store, judge } = this.deps;
    this.deps.hooks.evicted('incident', why === 'expired' ? 'idle' : 'cap');
    if (why === 'evicted') stats.evictions++;
    else stats.expired++;
    // an incident leaving memory lifts the commands it still has in force
    if (incident.commands.size > 0) {
      incident.signals.clear();
      judge.evaluate(incident, time);
    }
    if (incident.published)
      this.deps.out.emit(incidentSnapshot(incident, store.graph, time, why, this.deps.config.output.maxPostIds));
    judge.forget(incident);
    store.remove(incident);
  }
}
