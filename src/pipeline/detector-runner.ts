import type { ActiveDetector } from '../../detectors/index.js';
import type { DetectorContext, EnrichedEvent, PipelineHooks, Signal } from '../contract/index.js';
import type { PropagationGraph } from '../graph/index.js';
import { NO_STATES, type Incident } from '../incident/index.js';
import { emptyMap, emptySet, pack, unpack } from '../util/index.js';

/** What a detector signalled before its signals were kept: nothing (shared, never written). */
const NO_SIGNALS: readonly Signal[] = Object.freeze([]);
/** Detectors whose usual empty list an incident's `usualEmpty` bits can stand for (the rest are kept in the map). */
const USUAL_BITS = 30;

/**
 * Incidents of more posts keep their states as objects: their states are bounded (each detector caps what it
 * keeps) and a large cascade that trickles on would be packed and unpacked again and again (~0.2 µs a byte).
 */
export const PACK_MAX_POSTS = 32;

/**
 * Runs the active detectors over one incident, keeping each detector's
 * state and latest signals on the incident. `timer` is a monotonic clock in
 * milliseconds for the latency histogram (never used for decisions).
 *
 * An incident's signal map stays the shared empty one while every signal list it would hold is empty (most
 * incidents); from the first non-empty list on it holds, in detector order, the lists a map of every detector's
 * list would hold but for a detector's usual empty list (the first empty list it handed back: its own constant)
 * and the runner's NO_SIGNALS that such a map starts with. Readers iterate it in order and an empty list adds
 * nothing, so they read the same. Which of the two empty lists an absent detector stands for (a tick compares
 * lists by identity) is a bit of `Incident.usualEmpty`. A map of all ten cost ~520 bytes per incident with a
 * signal; most have one detector's.
 *
 * With `warm` set (config limits.packColdStatesAfter; off by default), the states of an incident of at most
 * PACK_MAX_POSTS posts not stepped for `warm` steps are packed (`Incident.packedStates`) and unpacked at
 * its next step, tick or merge. Packing is exact (every value, key order, Map/Set order and shared reference
 * within the states; the shared empty collections and a detector's shared initial state stay themselves), so
 * the detectors go on as they would have; a cache of theirs keyed by identity (velocity's `shown.options`,
 * dossier's judged WeakMap) misses once and rebuilds the same signal.
 */
export class DetectorRunner {
  /** each detector's state shared across incidents (Detector.shared), made at its first use */
  private readonly shared = new Map<string, unknown>();
  /** the same, by detector index (no lookup by name per detector per event) */
  private readonly sharedAt: unknown[];
  /**
   * The context handed to the detectors, one per runner and rewritten per call (no object per event): a
   * detector reads it during its call and keeps nothing of it (DetectorContext is readonly to them).
   */
  private readonly ctx: { incident: Incident | null; graph: PropagationGraph | null; watermark: number } = {
    incident: null,
    graph: null,
    watermark: 0,
  };
  /** instances packing keeps as themselves: the shared empty collections, detectors' options and shared initial states */
  private readonly singletons: unknown[] = [emptyMap(), emptySet(), NO_SIGNALS];
  /** each detector's usual empty list: the first empty list it handed back (its own constant, as they have) */
  private readonly usual: (readonly Signal[] | undefined)[] = [];
  /** the incidents stepped most recently (a ring of `warm`) and the step count when each was put there */
  private readonly ring: (Incident | undefined)[];
  private readonly ringStep: Float64Array;
  private ringAt = 0;
  private steps = 0;
  /**
   * When each ticked incident's next tick is due (the earliest TickResult.dueAt of its last tick) and its step
   * count then: a step since (`lastStep` moved) or a merge voids it. Weak: a retired incident needs no leave.
   */
  private readonly due = new WeakMap<Incident, TickDue>();
  /** events stepped since the last timed one */
  private untimed = Number.MAX_SAFE_INTEGER;
  /** the detectors that tick, by index (a tick visits these, not all ten: most have no `tick`) */
  private readonly ticking: number[] = [];
  /** those of them with a shared-state tick (run in place of a skipped tick) */
  private readonly sharedTicks: number[] = [];

  constructor(
    private readonly active: readonly ActiveDetector[],
    private readonly hooks: PipelineHooks,
    private readonly timer: (() => number) | null,
    /** steps an incident's states stay objects (config limits.packColdStatesAfter); 0 packs them after every step, Infinity never */
    private readonly warm = Infinity,
    /** with a timer: the detectors' steps are timed on one event in this many (config metrics.detectorTimingEvery) */
    private readonly timingEvery = 1,
  ) {
    for (const { detector, options } of active) {
      // a state may point at its options (velocity's cache does): packed as a reference, not a copy
      this.singletons.push(options);
      const init = detector.init(options);
      if (typeof init === 'object' && init !== null && detector.init(options) === init) this.singletons.push(init);
      if (detector.constants) this.singletons.push(...detector.constants);
    }
    for (let i = 0; i < active.length; i++) {
      const { detector } = active[i]!;
      if (!detector.tick) continue;
      this.ticking.push(i);
      if (detector.shared?.tick) this.sharedTicks.push(i);
    }
    // more than 2^24 steps (Infinity): never packed
    this.sharedAt = new Array<unknown>(active.length).fill(undefined);
    const ring = warm > 1 << 24 ? 0 : warm;
    this.ring = new Array<Incident | undefined>(ring);
    this.ringStep = new Float64Array(ring);
  }

  get names(): string[] {
    return this.active.map((a) => a.detector.name);
  }

  private sharedOf(i: number, { detector, options }: ActiveDetector): unknown {
    if (!detector.shared) return undefined;
    let g = this.sharedAt[i];
    if (g !== undefined) return g;
    g = this.shared.get(detector.name);
    if (g === undefined) this.shared.set(detector.name, (g = detector.shared.init(options)));
    return (this.sharedAt[i] = g);
  }

  /** The context of one call, rewritten in place (see `ctx`). */
  private context(incident: Incident, graph: PropagationGraph, watermark: number): DetectorContext {
    const ctx = this.ctx;
    ctx.incident = incident;
    ctx.graph = graph;
    ctx.watermark = watermark;
    return ctx as DetectorContext;
  }

  /** Lets go of the last call's incident and graph (an evicted incident is not kept alive by the context). */
  private release(): void {
    this.ctx.incident = null;
    this.ctx.graph = null;
  }

  /** Keeps detector `i`'s latest signals (see the class comment: the map is built on the first non-empty list). */
  private keep(incident: Incident, i: number, signals: readonly Signal[]): void {
    const m = incident.signals;
    const name = this.active[i]!.detector.name;
    // one lookup: a detector mostly hands back the list it kept (its cached judgement), and setting a key to the
    // value it holds changes nothing (a Map's order is its keys' first insertion)
    const held = m.get(name);
    if (held !== undefined) {
      if (held !== signals) m.set(name, signals);
    } else if (m.size === 0) {
      if (signals.length === 0) return;
      incident.usualEmpty = 0;
      incident.signals = this.joined(m, i, signals);
    } else if (signals.length === 0 && i < USUAL_BITS && signals === (this.usual[i] ??= signals))
      incident.usualEmpty |= 1 << i;
    else if (signals === NO_SIGNALS) incident.usualEmpty &= ~(1 << i);
    else incident.signals = this.joined(m, i, signals);
  }

  /** The list detector `i` of `incident` holds (what a map of every detector's list would). */
  private kept(incident: Incident, i: number): readonly Signal[] | undefined {
    const m = incident.signals;
    if (m.size === 0) return undefined;
    const list = m.get(this.active[i]!.detector.name);
    if (list !== undefined) return list;
    return i < USUAL_BITS && (incident.usualEmpty & (1 << i)) !== 0 ? this.usual[i] : NO_SIGNALS;
  }

  /** `m` and detector `i`'s first list, in detector order (a new map: rare, at most once per detector). */
  private joined(m: ReadonlyMap<string, readonly Signal[]>, i: number, signals: readonly Signal[]) {
    const out = new Map<string, readonly Signal[]>();
    for (let j = 0; j < this.active.length; j++) {
      const name = this.active[j]!.detector.name;
      const list = j === i ? signals : m.get(name);
      if (list !== undefined) out.set(name, list);
    }
    return out;
  }

  /** The incident's states as objects again, if they were packed. */
  private unpacked(incident: Incident): unknown[] {
    if (incident.packedStates !== null) {
      incident.detectorState = unpack(incident.packedStates, this.singletons) as unknown[];
      incident.packedStates = null;
    }
    return incident.detectorState;
  }

  private pack(incident: Incident): void {
    // retired (no members) or merged away (no states): nothing to keep
    if (
      incident.packedStates !== null ||
      incident.size > PACK_MAX_POSTS ||
      incident.members.length === 0 ||
      incident.detectorState === NO_STATES
    )
      return;
    const packed = pack(incident.detectorState, this.singletons);
    if (packed === null) return; // a state holding something other than plain values stays as it is
    incident.packedStates = packed;
    incident.detectorState = NO_STATES;
  }

  /** After a step of `incident`: the incident stepped `warm` steps ago is packed unless stepped since. */
  private cool(incident: Incident): void {
    const step = ++this.steps;
    incident.lastStep = step;
    if (this.warm === 0) return this.pack(incident);
    if (this.ring.length === 0) return;
    const at = this.ringAt;
    const old = this.ring[at];
    if (old !== undefined && old.lastStep === this.ringStep[at]) this.pack(old);
    this.ring[at] = incident;
    this.ringStep[at] = step;
    this.ringAt = at + 1 === this.warm ? 0 : at + 1;
  }

  // States live in an array by detector index (a Map keyed by name cost ~600 bytes per incident and two
  // lookups per detector per event); one runner serves a pipeline, so the indices agree between incidents.
  step(incident: Incident, event: EnrichedEvent, graph: PropagationGraph, watermark: number): void {
    const ctx = this.context(incident, graph, watermark);
    let states = this.unpacked(incident);
    // an even sample of events: a histogram observation per detector per event cost ~13% of the CPU
    let timer: (() => number) | null = null;
    if (this.timer !== null && ++this.untimed >= this.timingEvery) {
      this.untimed = 0;
      timer = this.timer;
    }
    for (let i = 0; i < this.active.length; i++) {
      const a = this.active[i]!;
      const { detector, options } = a;
      // two clock readings, no closure: this runs per detector per event while metrics are served
      const t0 = timer === null ? 0 : timer();
      const state = (i < states.length ? states[i] : undefined) ?? detector.init(options);
      const result = detector.step(state, event, ctx, options, this.sharedOf(i, a));
      if (i < states.length) states[i] = result.state;
      else if (result.state !== undefined) states = incident.detectorState = withSlot(states, i, result.state);
      this.keep(incident, i, result.signals);
      if (timer !== null) this.hooks.detectorLatency(detector.name, (timer() - t0) / 1000);
    }
    this.release();
    this.cool(incident);
  }

  /**
   * Re-judges an incident at `watermark` without a new event. True when some detector's signals changed (a
   * new list: detectors hand back the same list while their judgement stands, e.g. cascade/velocity's cache).
   * Before the incident's next tick is due (every ticking detector's TickResult.dueAt, no step or merge since)
   * nothing can change: only the shared states' part of the tick runs (`skip`), and the states stay packed.
   */
  tick(incident: Incident, graph: PropagationGraph, watermark: number): boolean {
    let due = this.due.get(incident);
    if (due !== undefined && due.step === incident.lastStep && watermark >= due.from && watermark < due.at) {
      this.skip(incident, watermark);
      return false;
    }
    const ctx = this.context(incident, graph, watermark);
    const states = this.unpacked(incident);
    let changed = false;
    let next = Infinity;
    const ticking = this.ticking;
    for (let k = 0; k < ticking.length; k++) {
      const i = ticking[k]!;
      const state = states[i];
      if (state === undefined) continue;
      const a = this.active[i]!;
      const { detector, options } = a;
      const result = detector.tick!(state, ctx, options, this.sharedOf(i, a));
      states[i] = result.state;
      const at = result.dueAt ?? -Infinity;
      if (at < next) next = at;
      // an empty list where none is kept (the map not built yet) is no change: the judgement is still nothing
      const known = this.kept(incident, i);
      if (known === undefined ? result.signals.length > 0 : known !== result.signals) {
        this.keep(incident, i, result.signals);
        changed = true;
      }
    }
    this.release();
    if (due === undefined) this.due.set(incident, (due = { step: 0, from: 0, at: 0 }));
    due.step = incident.lastStep;
    due.from = watermark;
    due.at = next;
    return changed;
  }

  /** A tick not due: each ticking detector's shared part, for the incidents its full tick would have run on. */
  private skip(incident: Incident, watermark: number): void {
    this.skipShared(this.sharedMask(incident), watermark);
  }

  /**
   * After a tick of `incident`: the watermark from which its next tick is due (before it, a tick runs only
   * `skipShared`), while no step or merge comes between; -Infinity when none is known.
   */
  quietUntil(incident: Incident): number {
    const due = this.due.get(incident);
    return due !== undefined && due.step === incident.lastStep ? due.at : Number.NEGATIVE_INFINITY;
  }

  /**
   * Which shared parts a tick not due runs for `incident` (bit k: the k-th detector with a shared tick): those
   * of the detectors it holds a state of. Only a step or a merge changes that (packing keeps it: a packed
   * incident holds a state for every detector, as every step gives each one).
   */
  sharedMask(incident: Incident): number {
    const sharedTicks = this.sharedTicks;
    let mask = 0;
    for (let k = 0; k < sharedTicks.length; k++)
      if (incident.packedStates !== null || incident.detectorState[sharedTicks[k]!] !== undefined) mask |= 1 << k;
    return mask;
  }

  /** The shared parts `mask` names, in detector order, at `watermark`: a tick not due (see `sharedMask`). */
  skipShared(mask: number, watermark: number): void {
    if (mask === 0) return;
    const sharedTicks = this.sharedTicks;
    for (let k = 0; k < sharedTicks.length; k++) {
      if ((mask & (1 << k)) === 0) continue;
      const i = sharedTicks[k]!;
      const a = this.active[i]!;
      a.detector.shared!.tick!(this.sharedOf(i, a), watermark, a.options);
    }
  }

  /** After `absorbed` joined `into`: combine each detector's two states. */
  merge(into: Incident, absorbed: Incident): void {
    this.due.delete(into);
    this.due.delete(absorbed);
    const b = this.unpacked(absorbed);
    if (b.length === 0) {
      absorbed.signals.clear();
      return;
    }
    let a = this.unpacked(into);
    for (let i = 0; i < b.length; i++) {
      const { detector, options } = this.active[i]!;
      if (b[i] === undefined) continue;
      const merged = i < a.length && a[i] !== undefined ? detector.merge(a[i], b[i], options) : b[i];
      if (i < a.length) a[i] = merged;
      else a = into.detectorState = withSlot(a, i, merged);
    }
    absorbed.detectorState = NO_STATES;
    absorbed.signals.clear();
  }
}

/**
 * `states` with `state` at index `i` (past its end), as a new list of exactly i + 1 slots. An incident's list
 * ends at its last detector holding a state: most hold one for the five cascade detectors only, which come
 * first, and a slot per detector cost 8 bytes each for the others (a write past the end of a list would
 * reserve 17 more).
 */
function withSlot(states: readonly unknown[], i: number, state: unknown): unknown[] {
  const out = new Array<unknown>(i + 1);
  for (let k = 0; k < states.length; k++) out[k] = states[k];
  out[i] = state;
  return out;
}

/** An incident's last tick: no tick from watermark `from` to `at` is due while its step count is still `step`. */
interface TickDue {
  step: number;
  from: number;
  at: number;
}
