import { FingerprintRing } from '../util/index.js';

/** A command verdicts may name: the incident it belongs to and the rule that issued it. */
export interface IndexedCommand {
  incidentId: string;
  rule: string;
}

/**
 * Which incident and rule each of the last `capacity` commands belongs to (a
 * verdict may name a command days after its incident left memory). Command
 * ids are held as 64-bit fingerprints (src/util/fingerprint-ring.ts) and each
 * position keeps a reference to its incident's id (shared by the incident's
 * commands, most of them follow-ups) and its rule's number: ~30 bytes per
 * command instead of ~200 for a Map entry, an id string and an object — the
 * index is what grew over a long run at the same live state (bench/core
 * "long"). Answers are a Map's with the oldest deleted beyond capacity,
 * except that a verdict naming a command never issued may, about once in
 * 2^64 / capacity, be taken for one that was.
 */
export class CommandIndex {
  private readonly ids: FingerprintRing;
  private readonly incidentAt: string[] = [];
  private readonly ruleAt: number[] = [];
  /** rule names by number: the policy's rules, a handful */
  private readonly rules: string[] = [];
  private readonly ruleNumber = new Map<string, number>();

  constructor(capacity: number) {
    this.ids = new FingerprintRing(capacity);
  }

  get size(): number {
    return this.ids.size;
  }

  set(commandId: string, incidentId: string, rule: string): void {
    let at = this.ids.find(commandId);
    if (at < 0) at = this.ids.add(commandId);
    if (at < 0) return; // capacity 0
    this.incidentAt[at] = incidentId;
    this.ruleAt[at] = this.numberOf(rule);
  }

  get(commandId: string): IndexedCommand | null {
    const at = this.ids.find(commandId);
    return at < 0 ? null : { incidentId: this.incidentAt[at]!, rule: this.rules[this.ruleAt[at]!]! };
  }

  private numberOf(rule: string): number {
    let n = this.ruleNumber.get(rule);
    if (n === undefined) {
      n = this.rules.push(rule) - 1;
      this.ruleNumber.set(rule, n);
    }
    return n;
  }
}
