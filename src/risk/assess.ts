import {
  type Signal,
  type AlertLevel,
  type Dimension,
  type Reason,
  isModifier,
  UNATTRIBUTED_CODE,
} from '../contract/index.js';
import { applyBusinessDiscount, type BusinessDiscountOptions } from './business.js';
import { applyGates, gateFacts, type GateFacts, type RiskGates } from './gates.js';

export interface RiskWeights {
  readonly sensitivity: number;
  readonly spread: number;
  readonly mobilisation: number;
  readonly malice: number;
  readonly publicInterest: number;
}

export interface RiskAssessment {
  /** combined score 0..1 */
  readonly score: number;
  readonly dimensions: Record<Dimension, number>;
  /** every non-zero signal, strongest first: why the score is what it is */
  readonly reasons: readonly Reason[];
  /** what the risk gates read (null when they are off; absent where an assessment is made up) */
  readonly facts?: GateFacts | null;
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * Spread is not harm: a viral cascade with nothing sensitive, no calls to act
 * and no malice is news, not a human flesh search. Without any harm dimension
 * at `harmFloor` or above, the combined score is capped at `spreadOnlyCap`
 * (by default below the warning level: watch at most).
 */
export interface RiskGateOptions extends BusinessDiscountOptions {
  readonly harmFloor: number;
  readonly spreadOnlyCap: number;
  /** spread from which a cascade is watched on spread alone (at `levels.watch`, never more); absent: not */
  readonly spreadWatch?: number | undefined;
  readonly levels?: { readonly watch: number; readonly warning?: number } | undefined;
  /** spread's amplification of harm, applied only to a score already at `levels.warning` (see combineRisk) */
  readonly amplifier?: SpreadAmplifier | undefined;
  /** the target and dossier gates (gates.ts); off when absent */
  readonly gates?: RiskGates | undefined;
}

/**
 * Spread amplifies harm, it never stands in for it: once the harm dimensions alone put an incident at `warning`,
 * spread adds `sensitivity·sensitivity×spread + mobilisation·mobilisation×spread` (on the weights' scale), so a
 * spreading dossier reaches `critical` sooner. Below warning it adds nothing: spread never creates a warning, and
 * the gates still decide what `critical` needs. Fitted with the weights (bench/realistic/fit.ts).
 */
export interface SpreadAmplifier {
  readonly sensitivity: number;
  readonly mobilisation: number;
}

/**
 * Scores an incident on each dimension (the strongest signal of that
 * dimension) and combines them by the configured weights. Public interest is
 * scored like the others but is a gate for policy, not a harm: its weight is
 * normally 0. Modifier signals (a business's own contact details, see
 * business.ts) are listed among the reasons but scale a dimension instead
 * of scoring it.
 */
export function assessRisk(
  signalsByDetector: ReadonlyMap<string, readonly Signal[]>,
  weights: RiskWeights,
  gate?: RiskGateOptions,
): RiskAssessment {
  // Each dimension's maximum in a local (this runs for every event and every tick of a live incident:
  // a keyed write into a record per signal was the function's cost).
  let sensitivity = 0;
  let spread = 0;
  let mobilisation = 0;
  let malice = 0;
  let publicInterest = 0;
  let business: Signal | null = null;
  const facts = gate?.gates?.enabled ? gateFacts(signalsByDetector) : null;
  for (const signals of signalsByDetector.values())
    for (let i = 0; i < signals.length; i++) {
      const s = signals[i]!;
      const x = s.score;
      if (x <= 0) continue;
      // identifying details without anybody named score only once someone calls to find a person
      if (s.code === UNATTRIBUTED_CODE && facts !== null && !facts.call) continue;
      if (isModifier(s.code)) {
        if (!business || x > business.score) business = s;
        continue;
      }
      switch (s.dimension) {
        case 'sensitivity':
          if (x > sensitivity) sensitivity = x;
          break;
        case 'spread':
          if (x > spread) spread = x;
          break;
        case 'mobilisation':
          if (x > mobilisation) mobilisation = x;
          break;
        case 'malice':
          if (x > malice) malice = x;
          break;
        case 'publicInterest':
          if (x > publicInterest) publicInterest = x;
          break;
      }
    }
  // (the unrounded dimensions stay locals: an object only for a business discount, which changes one in place)
  let businessNote: string | null = null;
  if (business) {
    // (key order is the output's: DIMENSIONS order)
    const raw: Record<Dimension, number> = { sensitivity, spread, mobilisation, malice, publicInterest };
    businessNote = applyBusinessDiscount(raw, (business as Signal).score, gate);
    sensitivity = raw.sensitivity;
  }
  const rs = round(sensitivity);
  const rp = round(spread);
  const rm = round(mobilisation);
  const ra = round(malice);
  const ri = round(publicInterest);
  // (all zero, as most one-post incidents are: one shared frozen record, not one per evaluation)
  const dimensions: Record<Dimension, number> =
    rs === 0 && rp === 0 && rm === 0 && ra === 0 && ri === 0
      ? (ZERO_DIMENSIONS as Record<Dimension, number>)
      : { sensitivity: rs, spread: rp, mobilisation: rm, malice: ra, publicInterest: ri };
  const score = combined(sensitivity, spread, mobilisation, malice, publicInterest, dimensions, facts, weights, gate);
  const gateReason = combinedGateReason;
  const spreadReason = combinedSpreadReason;
  combinedGateReason = combinedSpreadReason = null;
  const riskReasons = spreadReason
    ? gateReason
      ? [spreadReason, gateReason]
      : [spreadReason]
    : gateReason
      ? [gateReason]
      : null;
  return new Assessment(round(score), dimensions, facts, signalsByDetector, business, businessNote, riskReasons);
}

/**
 * The combined score of an incident's dimensions: their weighted mean (`raw`, unrounded, as the sum has always
 * been taken), capped for spread without harm (`rounded` decides, as reported) and by the risk gates. Exported for
 * the fit of the weights (bench/realistic/fit.ts), which replays recorded dimensions through it.
 */
export function combineRisk(
  raw: Readonly<Record<Dimension, number>>,
  rounded: Readonly<Record<Dimension, number>>,
  facts: GateFacts | null,
  weights: RiskWeights,
  gate?: RiskGateOptions,
): { score: number; gateReason: Reason | null; spreadReason: Reason | null } {
  const score = combined(
    raw.sensitivity,
    raw.spread,
    raw.mobilisation,
    raw.malice,
    raw.publicInterest,
    rounded,
    facts,
    weights,
    gate,
  );
  const out = { score, gateReason: combinedGateReason, spreadReason: combinedSpreadReason };
  combinedGateReason = combinedSpreadReason = null;
  return out;
}

/** All-zero dimensions (DIMENSIONS order), shared by every assessment that scores nothing. */
const ZERO_DIMENSIONS: Readonly<Record<Dimension, number>> = Object.freeze({
  sensitivity: 0,
  spread: 0,
  mobilisation: 0,
  malice: 0,
  publicInterest: 0,
});

/** the reasons of the last `combined` call (read and cleared by its caller at once: no object per evaluation) */
let combinedGateReason: Reason | null = null;
let combinedSpreadReason: Reason | null = null;

/** combineRisk on the unrounded dimensions as numbers: the score; its reasons in combinedGateReason/SpreadReason. */
function combined(
  sensitivity: number,
  spread: number,
  mobilisation: number,
  malice: number,
  publicInterest: number,
  rounded: Readonly<Record<Dimension, number>>,
  facts: GateFacts | null,
  weights: RiskWeights,
  gate: RiskGateOptions | undefined,
): number {
  // summed in DIMENSIONS order, as always: the same floating-point result
  const total =
    weights.sensitivity * sensitivity +
    weights.spread * spread +
    weights.mobilisation * mobilisation +
    weights.malice * malice +
    weights.publicInterest * publicInterest;
  const weightSum =
    weights.sensitivity + weights.spread + weights.mobilisation + weights.malice + weights.publicInterest;
  let score = weightSum > 0 ? Math.min(1, total / weightSum) : 0;
  // spread amplifies harm already at warning (and only then: it never creates a warning)
  let spreadReason: Reason | null = null;
  const amp = gate?.amplifier;
  const warning = gate?.levels?.warning;
  if (amp && warning !== undefined && weightSum > 0 && rounded.spread > 0 && round(score) >= warning) {
    const boost = ((amp.sensitivity * sensitivity + amp.mobilisation * mobilisation) * spread) / weightSum;
    if (boost > 0) {
      const before = score;
      score = Math.min(1, score + boost);
      spreadReason = amplifiedReason(before, score, rounded, amp, weightSum);
    }
  }
  // (a configuration that weighs no harm dimension at all asks for spread alone: no cap then)
  const harmWeighted = weights.sensitivity > 0 || weights.mobilisation > 0 || weights.malice > 0;
  if (
    gate &&
    harmWeighted &&
    rounded.sensitivity < gate.harmFloor &&
    rounded.mobilisation < gate.harmFloor &&
    rounded.malice < gate.harmFloor
  )
    score = Math.min(score, gate.spreadOnlyCap);
  // a fast cascade is watched whatever its harm: spread raises it to watch, never further (the fitted weights give
  // spread none: on real traffic it does not tell doxxing from trending news)
  if (gate?.spreadWatch !== undefined && gate.levels && rounded.spread >= gate.spreadWatch)
    score = Math.max(score, Math.min(gate.levels.watch, gate.spreadOnlyCap));
  // (like the spread-only cap: a configuration weighing no harm dimension asks for spread alone, ungated)
  // (facts are made only for enabled gates; a score at or below both caps is never capped: no call then)
  const gates = gate?.gates;
  const gated =
    facts && harmWeighted && gates && score > Math.min(gates.noTargetCap, gates.noDossierCap)
      ? applyGates(score, facts, rounded.mobilisation, gates)
      : null;
  if (gated) score = gated.score;
  combinedGateReason = gated?.reason ?? null;
  combinedSpreadReason = spreadReason;
  return round(score);
}

/** The reason that names spread's share of the score (what it added, from which product of dimensions). */
function amplifiedReason(
  before: number,
  after: number,
  d: Readonly<Record<Dimension, number>>,
  amp: SpreadAmplifier,
  weightSum: number,
): Reason {
  const terms = [
    amp.sensitivity > 0 && d.sensitivity > 0
      ? `${round(amp.sensitivity / weightSum)} × sensitivity ${d.sensitivity} × spread ${d.spread}`
      : null,
    amp.mobilisation > 0 && d.mobilisation > 0
      ? `${round(amp.mobilisation / weightSum)} × mobilisation ${d.mobilisation} × spread ${d.spread}`
      : null,
  ].filter((t) => t !== null);
  return {
    detector: 'risk',
    code: 'RISK_SPREAD_AMPLIFIED',
    dimension: 'spread',
    score: round(after - before),
    message: `spread amplifies harm already at warning: +${round(after - before)} (${terms.join(' + ')}), score ${round(before)} → ${round(after)}`,
    evidence: [],
  };
}

/**
 * Reasons are read only when an alert or command is written (a small share of
 * evaluations): built on first read, from the signals as they are then (the
 * pipeline reads them within the same evaluation). A class, not an object
 * literal with a getter: one shape for every assessment keeps this cheap.
 */
class Assessment implements RiskAssessment {
  private built: Reason[] | null = null;
  constructor(
    readonly score: number,
    readonly dimensions: Record<Dimension, number>,
    readonly facts: GateFacts | null,
    private readonly signals: ReadonlyMap<string, readonly Signal[]>,
    private readonly business: Signal | null,
    private readonly businessNote: string | null,
    private readonly riskReasons: readonly Reason[] | null,
  ) {}

  /** the signals' reasons, strongest first, then spread's amplification and the gate that capped the score (if any) */
  get reasons(): readonly Reason[] {
    if (this.built) return this.built;
    const r = reasonsOf(this.signals, this.business, this.businessNote);
    if (this.riskReasons) r.push(...this.riskReasons);
    return (this.built = r);
  }
}

/** Every scoring signal as a reason, strongest first; the business modifier carries the discount it applied. */
function reasonsOf(
  signalsByDetector: ReadonlyMap<string, readonly Signal[]>,
  business: Signal | null,
  businessNote: string | null,
): Reason[] {
  const reasons: Reason[] = [];
  for (const [detector, signals] of signalsByDetector)
    for (const s of signals) {
      if (s.score <= 0) continue;
      reasons.push({
        detector,
        code: s.code,
        dimension: s.dimension,
        score: round(s.score),
        message: s === business ? `${s.message}; ${businessNote}` : s.message,
        evidence: [...s.evidence],
      });
    }
  reasons.sort((a, b) => b.score - a.score || (a.detector < b.detector ? -1 : a.detector > b.detector ? 1 : 0));
  return reasons;
}

export interface LevelThresholds {
  readonly watch: number;
  readonly warning: number;
  readonly critical: number;
}

const ORDER: readonly AlertLevel[] = ['watch', 'warning', 'critical'];

/**
 * The level a score reaches, with hysteresis: a level is entered at its
 * threshold but left only below threshold − hysteresis, so a score hovering
 * at a boundary does not flap.
 */
export function levelFor(
  score: number,
  current: AlertLevel | null,
  thresholds: LevelThresholds,
  hysteresis: number,
): AlertLevel | null {
  let level: AlertLevel | null = null;
  for (const l of ORDER) {
    const keep = current !== null && ORDER.indexOf(current) >= ORDER.indexOf(l);
    if (score >= thresholds[l] - (keep ? hysteresis : 0)) level = l;
  }
  return level;
}

export function levelRank(level: AlertLevel | null): number {
  return level === null ? 0 : ORDER.indexOf(level) + 1;
}
