import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../../src/log/index.js';
import { OffsetManager } from '../../../../src/source/kafka/offset-manager.js';

const manager = (): OffsetManager => new OffsetManager(createLogger({ level: 'silent' }));
const commit = (partition: number, generation: number) => ({ topic: 'in', partition, offset: '10', generation });

describe('OffsetManager', () => {
  it('commits only partitions owned in the generation the records were fetched in', () => {
    const m = manager();
    m.onAssignment({ in: [0, 1] });
    expect(m.mayCommit(commit(0, 1))).toBe(true);
    expect(m.mayCommit(commit(2, 1))).toBe(false); // never owned
    m.onRebalancing();
    expect(m.mayCommit(commit(0, 1))).toBe(false); // held during a rebalance
    m.onAssignment({ in: [1, 2] });
    expect(m.mayCommit(commit(0, 2))).toBe(false); // revoked
    expect(m.mayCommit(commit(1, 1))).toBe(false); // kept, but fetched before the rebalance
    expect(m.mayCommit(commit(1, 2))).toBe(true);
    expect(m.skippedCommits).toBe(4);
  });

  it('new partitions need a restore; kept ones keep their state; a lost member owns nothing', () => {
    const m = manager();
    m.onAssignment({ in: [0, 1] });
    m.setRestoreState('in', 0, { phase: 'live' });
    m.setRestoreState('in', 1, { phase: 'rebuilding', liveFrom: 5n });
    m.onAssignment({ in: [0, 1, 2] });
    expect(m.restoreState('in', 1)).toEqual({ phase: 'pending' }); // a rebuild cut short starts over
    m.onAssignment({ in: [0, 2] });
    expect(m.restoreState('in', 0)).toEqual({ phase: 'live' });
    expect(m.restoreState('in', 2)).toEqual({ phase: 'pending' });
    expect(m.restoreState('in', 1)).toBeUndefined();
    m.setRestoreState('in', 1, { phase: 'live' }); // not owned: ignored
    expect(m.restoreState('in', 1)).toBeUndefined();
    m.onLost();
    expect(m.ownedCount()).toBe(0);
    expect(m.mayCommit(commit(0, m.generation))).toBe(false);
  });
});
