import type { Consumer } from 'kafkajs';
import type { Logger } from '../../log/index.js';
import { isRebalanceError, kafkaError } from '../../kafka/index.js';
import { tpKey, type Commit, type OffsetManager } from './offset-manager.js';

/** A partition's commit waiting for the next request, and everyone waiting for it. */
interface Waiting {
  commit: Commit;
  readonly callers: { resolve: () => void; reject: (e: unknown) => void }[];
}

/**
 * Offset commits of every partition share one request at a time. The commits asked for in one turn of the
 * event loop, or while a request is in flight, go out together in the next request (per partition the latest
 * offset: a partition's chain commits in order, so it has at most one waiting). One request per turn instead
 * of one per chunk: fewer round trips on the consumer's connection, which its fetches share, and less work for
 * both ends when chunks are small (a live stream fetched ahead). Whether a commit may go out (owned, same
 * generation, no rebalance: OffsetManager.mayCommit) is decided as its request is made, not when it was asked
 * for. A commit refused because the group rebalanced is skipped (counted, logged); any other failure rejects
 * every commit of the request.
 */
export class CommitQueue {
  private waiting = new Map<string, Waiting>();
  private sending = false;
  /** requests made (tests, benches) */
  requests = 0;

  constructor(
    private readonly consumer: Pick<Consumer, 'commitOffsets'>,
    private readonly offsets: OffsetManager,
    private readonly logger: Logger,
  ) {}

  /** Resolves once `c` was committed (or skipped: no longer ours, or refused in a rebalance). */
  commit(c: Commit): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const key = tpKey(c.topic, c.partition);
      const waiting = this.waiting.get(key);
      if (waiting === undefined) this.waiting.set(key, { commit: c, callers: [{ resolve, reject }] });
      else {
        waiting.commit = c;
        waiting.callers.push({ resolve, reject });
      }
      if (!this.sending) void this.send();
    });
  }

  private async send(): Promise<void> {
    this.sending = true;
    try {
      // the commits of one turn (every partition whose flush one send acknowledged) share the first request
      await new Promise<void>((r) => setImmediate(r));
      while (this.waiting.size > 0) {
        const batch = [...this.waiting.values()];
        this.waiting = new Map();
        await this.request(batch);
      }
    } finally {
      this.sending = false;
    }
  }

  private async request(batch: Waiting[]): Promise<void> {
    const due = batch.filter((w) => this.offsets.mayCommit(w.commit)).map((w) => w.commit);
    let failure: unknown = null;
    try {
      if (due.length > 0) {
        this.requests++;
        await this.consumer.commitOffsets(
          due.map((c) => ({ topic: c.topic, partition: c.partition, offset: c.offset })),
        );
      }
    } catch (e) {
      if (isRebalanceError(e)) {
        this.offsets.skippedCommits += due.length;
        this.logger.warn(
          { commits: due.map((c) => `${c.topic}/${c.partition}@${c.offset}`) },
          'commit refused: group rebalanced',
        );
      } else
        failure = kafkaError('DG_ERR_SOURCE_READ', 'cannot commit offsets', e, {
          partitions: due.map((c) => `${c.topic}/${c.partition}`),
        });
    }
    for (const w of batch)
      for (const caller of w.callers) {
        if (failure === null) caller.resolve();
        else caller.reject(failure);
      }
  }
}
