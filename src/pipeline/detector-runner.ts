import type { ActiveDetector } from '../../detectors/index.js';
import type { DetectorContext, EnrichedEvent, PipelineHooks } from '../contract/index.js';
import type { PropagationGraph } from '../graph/index.js';
import type { Incident } from '../incident/index.js';

/**
 * Runs the active detectors over one incident, keeping each detector's
 * state and latest signals on the incident. `elapsed` is a wall-time
 * stopwatch for the latency histogram (never used for decisions).
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

  // States live in an array by detector index (a Map keyed by name cost ~600 bytes per incident and two
  // lookups per detector per event); one runner serves a pipeline, so the indices agree between incidents.
  step(incident: Incident, event: EnrichedEvent, graph: PropagationGraph, watermark: number): void {
    const ctx: DetectorContext = { incident, graph, watermark };
    const states = incident.detectorState;
    for (let i = 0; i < this.active.length; i++) {
      const a = this.active[i]!;
      const { detector, options } = a;
      const stop = this.elapsed?.();
      const state = states[i] ?? detector.init(options);
      const result = detector.step(state, event, ctx, options, this.sharedOf(a));
      states[i] = result.state;
      incident.signals.set(detector.name, result.signals);
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
      if (incident.signals.get(detector.name) !== result.signals) {
        incident.signals.set(detector.name, result.signals);
        changed = true;
      }
    }
    return changed;
  }

  /** After `absorbed` joined `into`: combine each detector's two states. */
  merge(into: Incident, absorbed: Incident): void {
    for (let i = 0; i < this.active.length; i++) {
      const { detector, options } = this.active[i]!;
      const a = into.detectorState[i];
      const b = absorbed.detectorState[i];
      if (b === undefined) continue;
      into.detectorState[i] = a === undefined ? b : detector.merge(a, b, options);
    }
    absorbed.detectorState.length = 0;
    absorbed.signals.clear();
  }
}
