import type { Logger } from '../../log/index.js';

/** A partition's key in the maps below. */
export const tpKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

const fromKey = (key: string): TopicPartition => {
  const at = key.lastIndexOf('\u0000');
  return { topic: key.slice(0, at), partition: Number(key.slice(at + 1)) };
};

/** What a live partition still needs before its records may be emitted from. */
export type RestoreState =
  | { readonly phase: 'pending' }
  /** a seek back to the look-back start is pending: batches fetched before it (offsets >= liveFrom) are stale */
  | { readonly phase: 'seeking'; readonly liveFrom: bigint; readonly stale: number }
  /** re-reading [seekTo, liveFrom) without emitting; live again from liveFrom */
  | { readonly phase: 'rebuilding'; readonly liveFrom: bigint }
  | { readonly phase: 'live' };

export interface Commit {
  readonly topic: string;
  readonly partition: number;
  /** the next offset to read (last processed + 1) */
  readonly offset: string;
  /** generation the records were fetched in */
  readonly generation: number;
}

/**
 * Tracks which partitions this instance owns (from the group's join events),
 * which of them still need their state rebuilt, and decides whether a commit
 * may go out: never for a partition no longer owned, never across a
 * rebalance (another instance may have moved the offset on since).
 */
export class OffsetManager {
  private owned = new Map<string, RestoreState>();
  /** pending partitions found with nothing to read at join time: no state to rebuild yet */
  private caughtUp = new Set<string>();
  private gen = 0;
  private rebalancing = false;
  /** commits skipped because ownership changed: the next owner re-reads those records (same output ids) */
  skippedCommits = 0;

  /** `onChange` runs after every change of ownership or restore state (readiness follows it) */
  constructor(
    private readonly logger: Logger,
    private readonly onChange: () => void = () => {},
  ) {}

  get generation(): number {
    return this.gen;
  }

  /** The group started rebalancing: hold commits until the new assignment is known. */
  onRebalancing(): void {
    this.rebalancing = true;
  }

  /**
   * The group (re)joined with this assignment. Partitions kept keep their
   * state; new ones need a restore. Returns the partitions revoked.
   */
  onAssignment(assignment: Readonly<Record<string, readonly number[]>>): TopicPartition[] {
    const next = new Map<string, RestoreState>();
    for (const [topic, partitions] of Object.entries(assignment))
      for (const p of partitions) {
        const key = tpKey(topic, p);
        // kept partitions keep their state; a restore cut short by the rebalance starts over
        // (kafkajs resumes from the committed offset, not from where the rebuild had got to)
        const kept = this.owned.get(key);
        next.set(key, kept?.phase === 'live' ? kept : { phase: 'pending' });
      }
    const gained = [...next.keys()].filter((k) => !this.owned.has(k)).length;
    const lost = [...this.owned.keys()].filter((k) => !next.has(k));
    this.owned = next;
    this.caughtUp.clear();
    this.gen++;
    this.rebalancing = false;
    this.logger.info(
      { generation: this.gen, partitions: next.size, gained, lost: lost.length },
      'partition assignment',
    );
    this.onChange();
    return lost.map(fromKey);
  }

  /** The consumer left the group or crashed: nothing is owned any more. */
  onLost(): void {
    this.owned.clear();
    this.caughtUp.clear();
    this.rebalancing = true;
    this.onChange();
  }

  /** Owned partitions that have not had their first batch yet. */
  pendingPartitions(): TopicPartition[] {
    return [...this.owned].filter(([, s]) => s.phase === 'pending').map(([k]) => fromKey(k));
  }

  /** A pending partition had nothing to read at join time (ignored if the assignment changed since). */
  markCaughtUp(topic: string, partition: number, generation: number): void {
    const key = tpKey(topic, partition);
    if (generation !== this.gen || this.owned.get(key)?.phase !== 'pending') return;
    this.caughtUp.add(key);
    this.onChange();
  }

  /**
   * Is any owned partition still restoring its state? Seeking back, re-reading
   * the look-back, or not yet started with a backlog waiting. False when
   * nothing is owned.
   */
  restoring(): boolean {
    for (const [key, s] of this.owned)
      if (s.phase === 'seeking' || s.phase === 'rebuilding' || (s.phase === 'pending' && !this.caughtUp.has(key)))
        return true;
    return false;
  }

  owns(topic: string, partition: number): boolean {
    return this.owned.has(tpKey(topic, partition));
  }

  ownedCount(): number {
    return this.owned.size;
  }

  restoreState(topic: string, partition: number): RestoreState | undefined {
    return this.owned.get(tpKey(topic, partition));
  }

  setRestoreState(topic: string, partition: number, state: RestoreState): void {
    const key = tpKey(topic, partition);
    if (!this.owned.has(key)) return;
    this.owned.set(key, state);
    this.onChange();
  }

  /** May this commit go out now? Logs and counts the ones that may not. */
  mayCommit(c: Commit): boolean {
    const ok = !this.rebalancing && c.generation === this.gen && this.owns(c.topic, c.partition);
    if (!ok) {
      this.skippedCommits++;
      this.logger.warn(
        { topic: c.topic, partition: c.partition, offset: c.offset, generation: c.generation, current: this.gen },
        'commit skipped: partition no longer owned in this generation',
      );
    }
    return ok;
  }
}
