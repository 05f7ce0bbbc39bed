import type { PiiCategory } from '../contract/index.js';

/** Most accounts remembered per incident, per kind: a viral incident has tens of thousands of authors. */
const MAX_ACCOUNTS = 2000;
const MAX_TEXTS = 4000;
const MAX_EVIDENCE = 5;

/** How an account became the incident's target. */
export type TargetVia = 'mentioned' | 'handle_disclosed' | 'notice';

export interface TargetEntry {
  readonly platform: string;
  readonly accountId: string | null;
  readonly handleFingerprint: string | null;
  readonly via: TargetVia;
  readonly firstTime: number;
  /** posts naming or disclosing it, and notices about it */
  count: number;
  readonly evidence: string[];
}

export interface ParticipantEntry {
  readonly platform: string;
  readonly accountId: string;
  readonly firstTime: number;
  posts: number;
  /** categories of personal information its posts disclosed */
  readonly disclosures: Set<PiiCategory>;
  /** event ids of its posts that disclosed, called to harass, or repeated others' text */
  readonly evidence: string[];
  mobilising: boolean;
  coordinated: boolean;
}

const push = (list: string[], id: string): void => {
  if (list.length < MAX_EVIDENCE && !list.includes(id)) list.push(id);
};

/**
 * Who an incident is about and who drives it, for the account-level commands (src/policy/accounts.ts).
 * Holds ids as the input names them and keyed fingerprints, never text: a copied text is remembered by a
 * hash of it. Bounded per incident; merged with the incident.
 */
export class AccountLedger {
  readonly targets = new Map<string, TargetEntry>();
  readonly participants = new Map<string, ParticipantEntry>();
  /** text hash → authors who posted it (coordination: the same words from several accounts) */
  readonly texts = new Map<string, Set<string>>();
  /** the first sign that the target is a minor: the cue's kind and the event that carried it */
  minor: { readonly cue: string; readonly eventId: string; readonly time: number } | null = null;

  target(entry: Omit<TargetEntry, 'count' | 'evidence'>, evidence: string): void {
    const key = `${entry.platform}\u0000${entry.accountId ?? `#${entry.handleFingerprint}`}`;
    const known = this.targets.get(key);
    if (known) {
      known.count++;
      push(known.evidence, evidence);
      return;
    }
    if (this.targets.size >= MAX_ACCOUNTS) return;
    this.targets.set(key, { ...entry, count: 1, evidence: [evidence] });
  }

  participant(platform: string, accountId: string, time: number): ParticipantEntry | null {
    const key = `${platform}\u0000${accountId}`;
    let p = this.participants.get(key);
    if (!p) {
      if (this.participants.size >= MAX_ACCOUNTS) return null;
      p = {
        platform,
        accountId,
        firstTime: time,
        posts: 0,
        disclosures: new Set(),
        evidence: [],
        mobilising: false,
        coordinated: false,
      };
      this.participants.set(key, p);
    }
    return p;
  }

  /** Records that `author` posted a text with this hash; returns the authors who posted it so far. */
  text(hash: string, author: string): Set<string> | null {
    let set = this.texts.get(hash);
    if (!set) {
      if (this.texts.size >= MAX_TEXTS) return null;
      this.texts.set(hash, (set = new Set()));
    }
    if (set.size < 64) set.add(author);
    return set;
  }

  evidenceOf(p: ParticipantEntry, eventId: string): void {
    push(p.evidence, eventId);
  }

  /** Takes another incident's ledger in (the incidents merged). */
  absorb(other: AccountLedger): void {
    for (const [k, t] of other.targets) {
      const mine = this.targets.get(k);
      if (!mine) this.targets.set(k, t);
      else {
        mine.count += t.count;
        for (const e of t.evidence) push(mine.evidence, e);
      }
    }
    for (const [k, p] of other.participants) {
      const mine = this.participants.get(k);
      if (!mine) this.participants.set(k, p);
      else {
        mine.posts += p.posts;
        for (const c of p.disclosures) mine.disclosures.add(c);
        for (const e of p.evidence) push(mine.evidence, e);
        mine.mobilising ||= p.mobilising;
        mine.coordinated ||= p.coordinated;
      }
    }
    for (const [h, authors] of other.texts) for (const a of authors) this.text(h, a);
    if (other.minor && (!this.minor || other.minor.time < this.minor.time)) this.minor = other.minor;
  }
}
