import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecencyList, type RecencyNode } from '../../../src/incident/recency.js';

interface Item extends RecencyNode<Item> {
  readonly name: number;
}

describe('RecencyList', () => {
  it('keeps the order a Map re-inserted on every touch keeps, through pushes, touches and unlinks', () => {
    const op = fc.tuple(fc.constantFrom('push', 'touch', 'unlink'), fc.integer({ min: 0, max: 7 }));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const items: Item[] = Array.from({ length: 8 }, (_, name) => ({ name, older: null, newer: null }));
        const list = new RecencyList<Item>();
        const model = new Map<number, Item>(); // insertion order = least recently active first
        for (const [what, n] of ops) {
          const item = items[n]!;
          if (what === 'push' && !model.has(n)) {
            list.push(item);
            model.set(n, item);
          } else if (what === 'touch' && model.has(n)) {
            list.touch(item);
            model.delete(n);
            model.set(n, item);
          } else if (what === 'unlink') {
            list.unlink(item); // also when not in the list: left alone
            model.delete(n);
          }
          const order = [...list.oldestFirst()].map((i) => i.name);
          if (order.join() !== [...model.keys()].join()) return false;
          const newest = [...model.keys()].at(-1);
          if (newest !== undefined && !list.isNewest(items[newest]!)) return false;
        }
        return true;
      }),
      { numRuns: 2000 },
    );
  });

  it('lets the node just handed out be unlinked while iterating (expiry retires as it goes)', () => {
    const items: Item[] = Array.from({ length: 4 }, (_, name) => ({ name, older: null, newer: null }));
    const list = new RecencyList<Item>();
    for (const i of items) list.push(i);
    const seen: number[] = [];
    for (const i of list.oldestFirst()) {
      seen.push(i.name);
      if (i.name < 2) list.unlink(i);
    }
    expect(seen).toEqual([0, 1, 2, 3]);
    expect([...list.oldestFirst()].map((i) => i.name)).toEqual([2, 3]);
  });
});
