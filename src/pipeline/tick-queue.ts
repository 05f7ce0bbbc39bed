import type { Incident } from '../incident/index.js';

/**
 * The judge's active incidents in the order the tick visits them (the active Set's: insertion order, a re-added
 * one at the end), each with the watermark before which its tick can do nothing but the detectors' shared part
 * (`quietUntil`) and which shared parts those are (`sharedMask`, src/pipeline/detector-runner.ts).
 *
 * A tick reads these two typed lists in order and touches an incident only when its time has come or something
 * touched it since its last visit (`wake`): a watched cascade's incident is cold in memory, and its first touch
 * at every tick was ~1.5% of busy (bench/core REPORT). Slots of incidents that left stay empty until the next
 * tick's start compacts them (never during a tick: the tick walks the slots by index).
 */
export class TickQueue {
  private incidents: (Incident | undefined)[] = [];
  private until = new Float64Array(64);
  private masks = new Int32Array(64);
  private readonly slots = new Map<Incident, number>();
  private empty = 0;

  /** Slots, the empty ones left by incidents that went included (until the next compact). */
  get length(): number {
    return this.incidents.length;
  }

  /** Whether the incident is queued (an active one). */
  has(incident: Incident): boolean {
    return this.slots.has(incident);
  }

  /** The queued incidents, in the order a tick visits them. */
  keys(): IterableIterator<Incident> {
    return this.slots.keys();
  }

  /** Appends an incident that just turned active (woken: its next tick visits it). */
  push(incident: Incident): void {
    const slot = this.incidents.length;
    if (slot === this.until.length) {
      const until = new Float64Array(slot * 2);
      until.set(this.until);
      this.until = until;
      const masks = new Int32Array(slot * 2);
      masks.set(this.masks);
      this.masks = masks;
    }
    this.incidents.push(incident);
    this.until[slot] = Number.NEGATIVE_INFINITY;
    this.masks[slot] = 0;
    this.slots.set(incident, slot);
  }

  /** Takes an incident out (one not in the queue is left alone). */
  remove(incident: Incident): void {
    const slot = this.slots.get(incident);
    if (slot === undefined) return;
    this.slots.delete(incident);
    this.incidents[slot] = undefined;
    this.empty++;
  }

  /** Something other than its tick touched the incident: the next tick visits it. */
  wake(incident: Incident): void {
    const slot = this.slots.get(incident);
    if (slot !== undefined) this.until[slot] = Number.NEGATIVE_INFINITY;
  }

  /** The incident in `slot`, or undefined when it left. */
  at(slot: number): Incident | undefined {
    return this.incidents[slot];
  }

  /** Watermarks below this one find the incident in `slot` as its last visit left it. */
  quietUntil(slot: number): number {
    return this.until[slot]!;
  }

  sharedMask(slot: number): number {
    return this.masks[slot]!;
  }

  /** After a visit of the incident in `slot` (still queued there): when its next visit is due, and its shared parts. */
  settle(slot: number, until: number, mask: number): void {
    this.until[slot] = until;
    this.masks[slot] = mask;
  }

  /** Closes the gaps left by incidents that went, keeping the order (at a tick's start only). */
  compact(): void {
    if (this.empty === 0) return;
    let to = 0;
    for (let from = 0; from < this.incidents.length; from++) {
      const incident = this.incidents[from];
      if (incident === undefined) continue;
      this.incidents[to] = incident;
      this.until[to] = this.until[from]!;
      this.masks[to] = this.masks[from]!;
      this.slots.set(incident, to);
      to++;
    }
    this.incidents.length = to;
    this.empty = 0;
  }
}
