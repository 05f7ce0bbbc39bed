import type { z } from 'zod';
import type { EnrichedEvent, PiiCategory } from './events.js';
import type { Dimension } from './records.js';

/** JSON-safe value: what a detector's `save` returns and `restore` takes. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

/** What a detector may read of the incident an event belongs to. Read-only. */
export interface IncidentView {
  readonly id: string;
  readonly size: number;
  readonly authors: number;
  readonly platforms: ReadonlySet<string>;
  readonly firstTime: number;
  readonly lastTime: number;
  readonly rootKeys: readonly string[];
  readonly notices: number;
  /** each disclosed category with when and by whom it first appeared */
  readonly disclosures: ReadonlyMap<PiiCategory, { readonly firstTime: number; readonly firstAuthor: string }>;
}

/** Read-only view of the propagation graph, for structural detectors. */
export interface GraphView {
  hasNode(key: string): boolean;
  /** the post this one reshares/answers, if known */
  parentOf(key: string): string | null;
  /** reshares/answers of this post */
  childrenOf(key: string): readonly string[];
  /** depth from the cascade root (root = 0), if known */
  depthOf(key: string): number;
}

export interface DetectorContext {
  readonly incident: IncidentView;
  readonly graph: GraphView;
  /** event-time watermark, epoch ms */
  readonly watermark: number;
}

/**
 * A signal: one detector's current judgement of an incident on one risk
 * dimension, with the reason a reviewer reads and the evidence behind it
 * (event ids, PII fingerprints; never raw values).
 */
export interface Signal {
  readonly dimension: Dimension;
  /** 0..1 */
  readonly score: number;
  readonly code: string;
  readonly message: string;
  readonly evidence: readonly string[];
  /** what the risk gates read (src/risk/gates.ts), besides the score: see RiskGateFacts */
  readonly gate?: RiskGateFacts;
  /** cascade/forecast's final-size forecast (observedAt: event time, epoch ms); incident records carry it */
  readonly forecast?: SignalForecast;
}

/**
 * Facts a signal contributes to the risk gates. Spread amplifies harm but never stands in for it: no
 * warning without an identifying disclosure about a private person or a call to find or harass one, no
 * throttle without two identifying categories, or one with mobilisation.
 */
export interface RiskGateFacts {
  /** identifying categories disclosed about a private person the posts point at (pii/dossier) */
  readonly identifying?: number;
  /** identifying categories disclosed without a person named: they count once a call to find someone is made */
  readonly unattributed?: number;
  /** a call to find or harass a person was made (language/mobilisation) */
  readonly call?: boolean;
}

export interface SignalForecast {
  readonly finalSize: number;
  /** the 80% interval */
  readonly low: number;
  readonly high: number;
  readonly observedAt: number;
}

export interface StepResult<S> {
  readonly state: S;
  /** replaces this detector's previous signals for the incident */
  readonly signals: readonly Signal[];
}

/**
 * What `tick` returns: a step's result and, optionally, when the next tick is due. `dueAt` promises that a
 * tick of the returned state at any watermark from this one up to (not including) `dueAt` would hand back
 * the same state and the same signal list (by identity) and change nothing else: the runner skips those
 * ticks (an incident watched for hours is re-judged when something can change, not every minute). The
 * promise rests on the state and the watermark alone: it must hold whatever the incident and graph views and
 * the shared state become meanwhile; a step, a merge or a restore of the state voids it. Absent (or
 * -Infinity): every tick is due; Infinity: none until the state changes otherwise. A promise too early
 * costs a tick; one too late changes outputs (tests/unit/detectors/conformance.test.ts checks every detector).
 */
export interface TickResult<S> extends StepResult<S> {
  readonly dueAt?: number;
}

/**
 * State a detector keeps across the incidents of one pipeline (one input partition), e.g. a calibration
 * learnt from incidents whose outcome is known. The runner owns it as it owns per-incident state and hands
 * it to `step` and `tick`; a caller without one (a one-post scan) passes none and the detector does without.
 * Event time only: the same records in the same order give the same shared state.
 */
export interface SharedStateHooks<O, G> {
  init(options: O): G;
  save(shared: G): JsonValue;
  restore(saved: JsonValue, options: O): G;
  /**
   * The part of an incident's `tick` that acts on the shared state whatever the incident's own state (e.g.
   * learning outcomes the watermark passed): the runner calls it in place of each tick it skips (see
   * TickResult.dueAt), at that incident's place in the order, so the shared state moves exactly as if every
   * tick had run. Optional: without it a skipped tick leaves the shared state alone.
   */
  tick?(shared: G, watermark: number, options: O): void;
}

/**
 * A detector plug-in: one file under detectors/<family>/, registered in
 * detectors/registry.ts. Pure in what it reads and returns: no I/O, no clock,
 * no randomness; the event and context are never mutated. The state is
 * owned: the runner hands a state to `step`/`tick`/`merge` once and keeps only
 * the state returned, so a detector may update it in place and return it —
 * per-event work must not copy per-incident collections (a hot incident has
 * tens of thousands of posts). Every detector passes
 * tests/unit/detectors/conformance.test.ts.
 */
export interface Detector<O = unknown, S = unknown, G = unknown> {
  /** `<family>/<name>`, e.g. `cascade/velocity`; the key in config `detectors` */
  readonly name: string;
  readonly family: 'pii' | 'cascade' | 'language';
  readonly version: string;
  readonly description: string;
  /** zod schema of the options; must accept `{}` (every field defaulted): the one source of their defaults */
  readonly options: z.ZodType<O>;
  /**
   * Options config spells out in its defaults (and so config/default.yaml
   * documents), such as fitted values; their values are the schema's
   * defaults. The others stay `{}` in config and default inside the schema.
   */
  readonly shipped?: readonly string[];
  /** state shared across incidents (see SharedStateHooks); optional */
  readonly shared?: SharedStateHooks<O, G>;
  /**
   * The module's shared frozen instances a state may hold (the empty lists a state starts with, a shared
   * first value replaced when written): packing a cold state (limits.packColdStatesAfter) keeps these as
   * themselves, so an identity test on one (`s.levels === ONE_ROOT`) holds after unpacking. List every one a
   * state can point at; the conformance suite packs states after every step and checks nothing changes.
   */
  readonly constants?: readonly object[];
  init(options: O): S;
  step(state: S, event: EnrichedEvent, ctx: DetectorContext, options: O, shared?: G): StepResult<S>;
  /** re-judge on event time alone (decay when nothing happens), saying when the next tick is due; optional */
  tick?(state: S, ctx: DetectorContext, options: O, shared?: G): TickResult<S>;
  /** two incidents joined: combine their states (both are consumed) */
  merge(a: S, b: S, options: O): S;
  save(state: S): JsonValue;
  restore(saved: JsonValue, options: O): S;
}

/** Helper so a detector file gets its generic types inferred. */
export function defineDetector<O, S, G = unknown>(detector: Detector<O, S, G>): Detector<O, S, G> {
  return detector;
}
