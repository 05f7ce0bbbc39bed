import type { ActiveDetector } from '../../detectors/index.js';
import type { DetectorContext, EnrichedEvent, PipelineHooks, Signal } from '../contract/index.js';
import type { PropagationGraph } from '../graph/index.js';
import { NO_STATES, type Incident } from '../incident/index.js';

/** What a detector signalled before its signals were kept: nothing (shared, never written). */
const NO_SIGNALS: readonly Signal[] = Object.freeze([]);

/**
 * Runs the active detectors over one incident, keeping each detector's
 * state and latest signals on the incident. `elapsed` is a wall-time
 * stopwatch for the latency histogram (never used for decisions).
 *
 * An incident's signal map stays the shared empty one while every signal list it would hold is empty (most
 * incidents); on the first non-empty list it is built with every detector's name in detector order, as the
 * map of a runner that stored every list would be (readers iterate it in order; an empty list adds nothing).
 */
export class DetectorRunner {
  /** each detector's state shared across incidents (Detector.shared), made at its first use */
  private readonly shared = new Map<string, unknown>();
  constructor(
    private readonly active: readonly ActiveDetector[],
    private readonly hooks: PipelineHooks,
    private readonly elapsed: (() => () => number) | null,
  ) {}

  get names(): string[] {
    return this.active.map((a) => a.detector.name);
  }

  private sharedOf({ detector, options }: ActiveDetector): unknown {
    if (!detector.shared) return undefined;
    let g = this.shared.get(detector.name);
    if (g === undefined) this.shared.set(detector.name, (g = detector.shared.init(options)));
    return g;
  }

  /** Keeps detector `i`'s latest signals (see the class comment: the map is built on the first non-empty list). */
  private keep(incident: Incident, i: number, signals: readonly Signal[]): void {
    if (incident.signals.size === 0) {
      if (signals.length === 0) return;
      const m = new Map<string, readonly Signal[]>();
      for (const a of this.active) m.set(a.detector.name, NO_SIGNALS);
      incident.signals = m;
    }
    incident.signals.set(this.active[i]!.detector.name, signals);
  }

  // States live in an array by detector index (a Map keyed by name cost ~600 bytes per incident and two
  // lookups per detector per event); one runner serves a pipeline, so the indices agree between incidents.
  step(incident: Incident, event: EnrichedEvent, graph: PropagationGraph, watermark: number): void {
    const ctx: DetectorContext = { incident, graph, watermark };
    let states = incident.detectorState;
    // exact size: a first write into [] reserves 17 slots
    if (states === NO_STATES) states = incident.detectorState = new Array<unknown>(this.active.length);
    for (let i = 0; i < this.active.length; i++) {
      const a = this.active[i]!;
      const { detector, options } = a;
      const stop = this.elapsed?.();
      const state = states[i] ?? detector.init(options);
      const result = detector.step(state, event, ctx, options, this.sharedOf(a));
      states[i] = result.state;
      this.keep(incident, i, result.signals);
      if (stop) this.hooks.detectorLatency(detector.name, stop());
    }
  }

  /**
   * Re-judges an incident at `watermark` without a new event. True when some detector's signals changed (a
   * new list: detectors hand back the same list while their judgement stands, e.g. cascade/velocity's cache).
   */
  tick(incident: Incident, graph: PropagationGraph, watermark: number): boolean {
    const ctx: DetectorContext = { incident, graph, watermark };
    const states = incident.detectorState;
    let changed = false;
    for (let i = 0; i < this.active.length; i++) {
      const a = this.active[i]!;
      const { detector, options } = a;
      if (!detector.tick) continue;
      const state = states[i];
      if (state === undefined) continue;
      const result = detector.tick(state, ctx, options, this.sharedOf(a));
      states[i] = result.state;
      // an empty list where none is kept (the map not built yet) is no change: the judgement is still nothing
      if (
        incident.signals.size === 0 ? result.signals.length > 0 : incident.signals.get(detector.name) !== result.signals
      ) {
        this.keep(incident, i, result.signals);
        changed = true;
      }
    }
    return changed;
  }

  /** After `absorbed` joined `into`: combine each detector's two states. */
  merge(into: Incident, absorbed: Incident): void {
    const b = absorbed.detectorState;
    if (b.length === 0) {
      absorbed.signals.clear();
      return;
    }
    let a = into.detectorState;
    if (a === NO_STATES) a = into.detectorState = new Array<unknown>(this.active.length);
    for (let i = 0; i < this.active.length; i++) {
      const { detector, options } = this.active[i]!;
      if (b[i] === undefined) continue;
      a[i] = a[i] === undefined ? b[i] : detector.merge(a[i], b[i], options);
    }
    absorbed.detectorState = NO_STATES;
    absorbed.signals.clear();
  }
}
