import type { Config } from '../config/index.js';
import type { PipelineHooks } from '../contract/index.js';
import { type Incident, type IncidentStore, incidentSnapshot } from '../incident/index.js';
import {
  decide,
  decideAccounts,
  NOTHING,
  pendingNotice,
  type AccountDecisionInput,
  type PolicyGuard,
  type PolicyInput,
} from '../policy/index.js';
import { assessRisk, levelFor, levelRank, type RiskAssessment } from '../risk/index.js';
import type { PipelineOutputs } from './outputs.js';
import { TickQueue } from './tick-queue.js';

export interface JudgeDeps {
  readonly config: Readonly<Config>;
  readonly store: IncidentStore;
  readonly out: PipelineOutputs;
  /** quotas, per-rule verdict counts and the command index (src/policy/guard.ts) */
  readonly guard: PolicyGuard;
  readonly hooks: Pick<PipelineHooks, 'noticeToAction'>;
  /** every risk assessment, for fitting the risk model (bench/realistic/fit.ts); null in production */
  readonly onAssessed: ((incident: Incident, assessment: RiskAssessment, time: number) => void) | null;
}

/**
 * The pipeline's judgement of an incident: risk → level → policy → outputs
 * (alerts, commands, the incident's snapshot). Keeps which incidents are
 * active (a level or commands: re-judged on each tick) and which of those
 * are settled (nothing to do, and nothing but ticks touched them since).
 */
export class Judge {
  /**
   * Active incidents whose last evaluation could not act (policy's NOTHING, no account command, none in force)
   * and that nothing but ticks touched since. While a tick leaves their signals as they were, evaluating them
   * again gives the same score, level and nothing to do: the tick skips it (most ticks of a watched cascade).
   */
  readonly settled = new Set<Incident>();
  /**
   * The active incidents (a level or commands: re-judged on each tick), in the order a tick visits them, and when
   * each is next due (src/pipeline/tick-queue.ts)
   */
  readonly queue = new TickQueue();

  /**
   * The inputs of decide and decideAccounts, one object each for every evaluation (both read their input and
   * keep none of it; an evaluation runs for every new post): filled in, passed, emptied.
   */
  private readonly policyInput: Mutable<PolicyInput>;
  private readonly accountInput: Mutable<AccountDecisionInput>;

  constructor(private readonly deps: JudgeDeps) {
    const { config, store, guard } = deps;
    const { graph } = store;
    const { stepMs } = config.time;
    const { maxPostIds } = config.output;
    const options = config.policy;
    // (time starts as a double: an event time is one, so the field never changes representation)
    const [incident, assessment, level, time] = [NO_INCIDENT, NO_ASSESSMENT, null, Number.NaN];
    this.policyInput = { incident, graph, assessment, level, time, stepMs, maxPostIds, options, guard };
    this.accountInput = { incident, graph, level, time, stepMs, maxPostIds, options };
  }

  /** Risk → level → policy → outputs, for one incident at one event time. */
  evaluate(incident: Incident, time: number): void {
    const { config, out } = this.deps;
    const assessment = assessRisk(incident.signals, config.risk.weights, config.risk);
    this.deps.onAssessed?.(incident, assessment, time);
    let level = levelFor(assessment.score, incident.level, config.risk.levels, config.risk.hysteresis);
    // A pending notice about a post with disclosures is critical (README "Commands: what a platform is expected to do").
    if (level !== null && incident.disclosures.size > 0 && pendingNotice(incident)) level = 'critical';
    incident.score = assessment.score;
    incident.dimensions = assessment.dimensions;
    const input = this.policyInput;
    input.incident = incident;
    input.assessment = assessment;
    input.level = level;
    input.time = time;
    const decision = decide(input);
    input.incident = NO_INCIDENT;
    input.assessment = NO_ASSESSMENT;
    const active = incident.level !== null || incident.commands.size > 0;
    if (!active) this.queue.remove(incident);
    else if (this.queue.has(incident)) this.queue.wake(incident);
    else this.queue.push(incident);
    // (indexed: a decision that could not act is NOTHING, whose lists are frozen, and `for…of` over a frozen
    // array allocates an iterator and a result even in optimised code; this runs for every evaluation)
    for (let i = 0; i < decision.alerts.length; i++) out.alert(decision.alerts[i]!, time);
    for (let i = 0; i < decision.commands.length; i++) out.command(decision.commands[i]!, time);
    out.shadow(decision.shadowCommands);
    const accounts = this.accountInput;
    accounts.incident = incident;
    accounts.level = incident.level;
    accounts.time = time;
    const accountCommands = decideAccounts(accounts);
    accounts.incident = NO_INCIDENT;
    if (config.policy.shadow) out.shadow(accountCommands);
    else for (let i = 0; i < accountCommands.length; i++) out.command(accountCommands[i]!, time);
    // (only active incidents are re-judged on a tick, and an incident turns active only in an evaluation, which
    // decides this again: the quiet ones, most live incidents, are not worth a place in the set)
    if (active && decision === NOTHING && accountCommands.length === 0 && incident.accountCommands.size === 0)
      this.settled.add(incident);
    else this.settled.delete(incident);
    for (let i = 0; i < decision.noticeToAction.length; i++)
      this.deps.hooks.noticeToAction(decision.noticeToAction[i]!);
    if (decision.alerts.length > 0) this.snapshotIfDue(incident, time, true);
  }

  /** Publishes an incident's state when it changed: at once when forced, else at most once per snapshot interval. */
  snapshotIfDue(incident: Incident, time: number, force: boolean): void {
    const { output } = this.deps.config;
    if (!incident.dirty || levelRank(incident.level) < levelRank(output.incidentMinLevel)) return;
    if (!force && (!incident.published || time - incident.lastSnapshotTime < output.incidentSnapshotEveryMs)) return;
    this.deps.out.emit(incidentSnapshot(incident, this.deps.store.graph, time, 'open', output.maxPostIds));
    this.queue.wake(incident);
  }

  /**
   * After a tick's visit of an active incident: a tick at a watermark below this one neither evaluates nor
   * publishes it, while nothing else touches it (`touched`, `unsettle`, an evaluation or a snapshot wake it in
   * the queue): -Infinity when it is not settled, its next snapshot's time when it has changes to publish.
   * (Times are whole milliseconds: `last + every` is exact, and `wm < last + every` is snapshotIfDue's test.)
   */
  idleUntil(incident: Incident): number {
    if (!this.settled.has(incident)) return Number.NEGATIVE_INFINITY;
    const { output } = this.deps.config;
    if (!incident.dirty || !incident.published || levelRank(incident.level) < levelRank(output.incidentMinLevel))
      return Number.POSITIVE_INFINITY;
    return incident.lastSnapshotTime + output.incidentSnapshotEveryMs;
  }

  /** Something changed the incident outside an evaluation (a deletion marked it dirty): its next tick visits it. */
  touched(incident: Incident): void {
    this.queue.wake(incident);
  }

  /** Something other than a tick touched the incident: its next tick evaluates it again. */
  unsettle(incident: Incident): void {
    this.settled.delete(incident);
    this.queue.wake(incident);
  }

  /** The incident is no longer this pipeline's to judge (retired, or merged into another). */
  forget(incident: Incident): void {
    this.queue.remove(incident);
    this.settled.delete(incident);
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** what the reused policy inputs hold between evaluations (never read: every evaluation sets its own) */
const NO_INCIDENT = null as unknown as Incident;
const NO_ASSESSMENT = null as unknown as RiskAssessment;
