import { Rng } from '../util/index.js';
import { BackgroundSpawner, expectedCascadeSize, viralCascade, type BackgroundStats } from './background.js';
import type { IdCounters, Source } from './cascade.js';
import { plantDoxxing } from './doxxing.js';
import { plantHardCase } from './hard-cases.js';
import { MinHeap } from './heap.js';
import type { IncidentEnv } from './incident-env.js';
import { EXPECTED_REASON, malformedLine } from './malformed.js';
import { parseSimulateOptions, SIM_PLATFORMS, type SimulateOptions, type SimulateOptionsInput } from './options.js';
import { IncidentTracker } from './tracker.js';
import { TRUTH_SCHEMA, type GroundTruth, type MalformedKind, type PlantedValue } from './truth.js';

interface Tagged {
  readonly text: string;
  readonly bad: MalformedKind | null;
}

/**
 * One simulated run. `lines()` streams schema-1 NDJSON lines (no trailing
 * newline) in event-time order with memory bounded by the live cascades;
 * `truth()` is complete once the lines are exhausted.
 */
export class Simulation {
  readonly opts: SimulateOptions;
  private readonly rng: Rng;
  private readonly trackers: IncidentTracker[] = [];
  private readonly planted: PlantedValue[] = [];
  private readonly malformed: GroundTruth['malformed'] = [];
  private readonly background: BackgroundStats = { cascades: 0, events: 0, sizeHistogram: {}, largeRoots: [] };
  private readonly counts = { lines: 0, events: 0, notices: 0, malformed: 0, duplicates: 0, swapped: 0 };
  private started = false;
  private finished = false;

  constructor(input: SimulateOptionsInput = {}) {
    this.opts = parseSimulateOptions(input);
    this.rng = new Rng(this.opts.seed);
  }

  /** The lines of the run; can be iterated once. */
  *lines(): Generator<string> {
    if (this.started) throw new Error('a Simulation can be iterated only once');
    this.started = true;
    let n = 0;
    const injected = this.injected(this.merged());
    for (const t of this.opts.jitter === 0 ? injected : this.jittered(injected)) {
      n++;
      if (t.bad !== null) this.malformed.push({ line: n, kind: t.bad, expectedReason: EXPECTED_REASON[t.bad] });
      yield t.text;
    }
    this.counts.lines = n;
    this.finished = true;
  }

  /** The ground truth; throws until the lines have been exhausted. */
  truth(): GroundTruth {
    if (!this.finished) throw new Error('truth() is available once lines() has been exhausted');
    const o = this.opts;
    return {
      schema: TRUTH_SCHEMA,
      seed: o.seed,
      options: o,
      start: o.start,
      end: o.start + o.durationMs,
      counts: { ...this.counts },
      incidents: this.trackers.map((t) => t.toTruth()),
      background: this.background,
      malformed: this.malformed,
      plantedValues: this.planted,
    };
  }

  /** Every source merged by event time: a heap of cascades, spawners and one-shot notices. */
  private *merged(): Generator<string> {
    const o = this.opts;
    const heap = new MinHeap<Source>();
    const add = (s: Source): void => {
      if (s.time !== Infinity) heap.push(s.time, s);
    };
    const serial = Object.fromEntries(SIM_PLATFORMS.map((p) => [p, 1])) as IdCounters['serial'];
    const counters: IdCounters = { serial, fresh: 1 };
    const env: IncidentEnv = { opts: o, counters, add, end: o.start + o.durationMs };
    const total =
      o.backgroundEvents === undefined
        ? o.backgroundCascades
        : Math.round(o.backgroundEvents / expectedCascadeSize(o.sizeAlpha, o.maxCascadeSize));
    const spawner = new BackgroundSpawner(o, total, this.rng.fork('background'), counters, add, this.background);
    add(spawner);
    for (let i = 0; i < o.viral; i++) add(viralCascade(o, i, this.rng.fork(`viral:${i}`), counters, spawner));
    for (let i = 0; i < o.doxxing; i++) {
      const lang = i < Math.round(o.doxxing * o.zhShare) ? 'zh' : 'en';
      const route = o.doxxingRoutes?.[i % o.doxxingRoutes.length] ?? null;
      plantDoxxing(env, this.rng.fork(`dox:${i}`), this.track(`dox-${i + 1}`, 'doxxing', lang, false), route);
    }
    const hard = [
      ['business', o.business, 'biz'],
      ['public_interest', o.publicInterest, 'pi'],
      ['news', o.news, 'news'],
    ] as const;
    for (const [kind, n, prefix] of hard)
      for (let i = 0; i < n; i++) {
        const tracker = this.track(`${prefix}-${i + 1}`, kind, i % 2 === 0 ? 'zh' : 'en', kind === 'public_interest');
        plantHardCase(env, this.rng.fork(`${prefix}:${i}`), tracker, kind, i + 1);
      }
    while (heap.size > 0) {
      const s = heap.pop()!;
      const line = s.step();
      if (s.time !== Infinity) heap.push(s.time, s);
      if (line !== null) yield line;
    }
  }

  private track(id: string, kind: IncidentTracker['kind'], lang: 'zh' | 'en', publicFigure: boolean): IncidentTracker {
    const t = new IncidentTracker(id, kind, lang, publicFigure, this.planted);
    this.trackers.push(t);
    return t;
  }

  /** Counts lines and adds duplicates and malformed lines at the configured rates. */
  private *injected(lines: Iterable<string>): Generator<Tagged> {
    const { malformedRate, duplicateRate } = this.opts;
    const rng = this.rng.fork('inject');
    let lastTime = this.opts.start;
    for (const text of lines) {
      const notice = text.startsWith('{"type":"notice"');
      if (notice) this.counts.notices++;
      else this.counts.events++;
      yield { text, bad: null };
      if (!notice && duplicateRate > 0 && rng.chance(duplicateRate)) {
        this.counts.duplicates++;
        yield { text, bad: null };
      }
      if (malformedRate > 0 && rng.chance(malformedRate)) {
        const m = /"(?:createdAt|receivedAt)":(\d+)/.exec(text);
        if (m) lastTime = Number(m[1]);
        const bad = malformedLine(rng, ++this.counts.malformed, lastTime);
        yield { text: bad.line, bad: bad.kind };
      }
    }
  }

  /** Swaps a line with the next one at the jitter rate (bounded out-of-orderness). */
  private *jittered(lines: Iterable<Tagged>): Generator<Tagged> {
    const { jitter } = this.opts;
    const rng = this.rng.fork('jitter');
    let held: Tagged | null = null;
    for (const t of lines) {
      if (held === null) held = t;
      else if (rng.chance(jitter)) {
        this.counts.swapped++;
        yield t;
        yield held;
        held = null;
      } else {
        yield held;
        held = t;
      }
    }
    if (held !== null) yield held;
  }
}

/** Stream the NDJSON lines of a run (no trailing newlines). */
export function* generate(options: SimulateOptionsInput = {}): Generator<string> {
  yield* new Simulation(options).lines();
}

/** A small run in memory: its lines and its ground truth. */
export function simulate(options: SimulateOptionsInput = {}): { lines: string[]; truth: GroundTruth } {
  const sim = new Simulation(options);
  const lines = [...sim.lines()];
  return { lines, truth: sim.truth() };
}
