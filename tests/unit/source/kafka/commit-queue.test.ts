import { describe, expect, it } from 'vitest';
import { DoxguardError } from '../../../../src/errors/index.js';
import { createLogger } from '../../../../src/log/index.js';
import { CommitQueue } from '../../../../src/source/kafka/commit-queue.js';
import { OffsetManager } from '../../../../src/source/kafka/offset-manager.js';

const logger = createLogger({ level: 'silent' });
type Offsets = { topic: string; partition: number; offset: string }[];

/** A consumer whose commit requests each wait until released; `requests` lists what each one carried. */
function heldConsumer() {
  const requests: string[][] = [];
  const pending: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  const consumer = {
    commitOffsets: (o: Offsets) => {
      requests.push(o.map((c) => `${c.partition}:${c.offset}`));
      return new Promise<void>((resolve, reject) => pending.push({ resolve, reject }));
    },
  };
  const next = async (): Promise<{ resolve: () => void; reject: (e: unknown) => void }> => {
    while (pending.length === 0) await new Promise((r) => setTimeout(r, 1));
    return pending.shift()!;
  };
  return { consumer, requests, next };
}

function queueOf(consumer: { commitOffsets: (o: Offsets) => Promise<void> }) {
  const offsets = new OffsetManager(logger);
  offsets.onAssignment({ in: [0, 1, 2] });
  return { offsets, queue: new CommitQueue(consumer, offsets, logger) };
}
const commit = (partition: number, offset: number, generation = 1) => ({
  topic: 'in',
  partition,
  offset: String(offset),
  generation,
});

describe('CommitQueue: every partition’s commits in one request at a time', () => {
  it('commits of one turn share a request; those asked while it is in flight share the next', async () => {
    const { consumer, requests, next } = heldConsumer();
    const { queue } = queueOf(consumer);
    const done: string[] = [];
    const ask = (p: number, o: number): Promise<void> =>
      queue.commit(commit(p, o)).then(() => void done.push(`${p}:${o}`));
    const first = [ask(0, 10), ask(1, 20)];
    const firstRequest = await next();
    expect(requests).toEqual([['0:10', '1:20']]);
    const second = [ask(2, 30), ask(0, 11)];
    await new Promise((r) => setTimeout(r, 5));
    expect(requests).toHaveLength(1); // one request in flight at a time
    expect(done).toEqual([]);
    firstRequest.resolve();
    await Promise.all(first);
    (await next()).resolve();
    await Promise.all(second);
    expect(requests).toEqual([
      ['0:10', '1:20'],
      ['2:30', '0:11'],
    ]);
    expect(done).toEqual(['0:10', '1:20', '2:30', '0:11']);
    expect(queue.requests).toBe(2);
  });

  it('whether a commit may go out is decided as its request is made: a rebalance meanwhile skips it', async () => {
    const { consumer, requests, next } = heldConsumer();
    const { offsets, queue } = queueOf(consumer);
    const first = queue.commit(commit(0, 10));
    const firstRequest = await next();
    const late = queue.commit(commit(1, 20)); // asked in generation 1 …
    offsets.onRebalancing(); // … but the group rebalances before its request
    firstRequest.resolve();
    await Promise.all([first, late]);
    expect(requests).toEqual([['0:10']]);
    expect(offsets.skippedCommits).toBe(1);
  });

  it('a refused request (rebalance) resolves its commits as skipped; any other failure rejects all of them', async () => {
    const { consumer, next } = heldConsumer();
    const { offsets, queue } = queueOf(consumer);
    const refused = [queue.commit(commit(0, 10)), queue.commit(commit(1, 20))];
    (await next()).reject(Object.assign(new Error('rebalancing'), { type: 'REBALANCE_IN_PROGRESS' }));
    await Promise.all(refused);
    expect(offsets.skippedCommits).toBe(2);
    const failed = [queue.commit(commit(0, 11)), queue.commit(commit(2, 30))];
    (await next()).reject(new Error('connection closed'));
    const errors = await Promise.all(
      failed.map((p) =>
        p.then(
          () => null,
          (e: unknown) => e,
        ),
      ),
    );
    for (const e of errors) {
      expect(e).toBeInstanceOf(DoxguardError);
      expect((e as DoxguardError).code).toBe('DG_ERR_SOURCE_READ');
    }
    expect(errors[0]).toBe(errors[1]);
  });
});
