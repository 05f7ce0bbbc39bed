/**
 * A bounded insertion-ordered map at capacity: the Map idiom
 * `m.set(k, v); if (m.size > cap) m.delete(m.keys().next().value)` against
 * src/util BoundedMap, side by side in one run:
 *   nice -n 5 node --import tsx bench/util/bounded-map.ts [--rounds 3] [--ops 50000] [--caps 10000,100000,1000000]
 * Each round fills a fresh structure to capacity (string keys like post ids),
 * then times `--ops` further inserts, each evicting the oldest; the figure is
 * the median over rounds of µs per insert + evict. A third column times a
 * plain Map insert without eviction (the floor). Both sides must end holding
 * the same keys in the same order, else the run fails.
 */
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { BoundedMap } from '../../src/util/index.js';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    ops: { type: 'string', default: '50000' },
    caps: { type: 'string', default: '10000,100000,1000000' },
  },
});
const rounds = Number(args.rounds);
const ops = Number(args.ops);
const caps = args.caps.split(',').map(Number);

interface Side {
  /** µs per timed insert (+ evict) */
  run(keys: readonly string[], cap: number): { us: number; order: string };
}

const timed = (keys: readonly string[], cap: number, insert: (k: string, i: number) => void): number => {
  for (let i = 0; i < cap; i++) insert(keys[i]!, i);
  const t0 = performance.now();
  for (let i = cap; i < keys.length; i++) insert(keys[i]!, i);
  return ((performance.now() - t0) * 1000) / (keys.length - cap);
};

/** the last few keys kept and the first, to check both sides agree without joining a million strings */
const summary = (keys: Iterable<string>, size: number): string => {
  const all = [...keys];
  return `${size}:${all.slice(0, 3).join(',')}…${all.slice(-3).join(',')}`;
};

const sides: Record<string, Side> = {
  'Map idiom': {
    run(keys, cap) {
      const m = new Map<string, number>();
      const us = timed(keys, cap, (k, i) => {
        m.set(k, i);
        if (m.size > cap) m.delete(m.keys().next().value!);
      });
      return { us, order: summary(m.keys(), m.size) };
    },
  },
  BoundedMap: {
    run(keys, cap) {
      const m = new BoundedMap<string, number>(cap);
      const us = timed(keys, cap, (k, i) => m.set(k, i));
      return { us, order: summary(m.keys(), m.size) };
    },
  },
  'plain Map insert': {
    run(keys, cap) {
      const m = new Map<string, number>();
      const us = timed(keys, cap, (k, i) => m.set(k, i));
      return { us, order: '' };
    },
  },
};

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

console.log(
  `node ${process.version}, ${cpus()[0]?.model ?? '?'} ×${cpus().length}; ${rounds} rounds, ${ops} timed ops`,
);
console.log(
  'capacity   ' +
    Object.keys(sides)
      .map((s) => s.padStart(18))
      .join(''),
);
for (const cap of caps) {
  const keys = Array.from({ length: cap + ops }, (_, i) => `weibo:${1_000_000_000 + i * 7919}`);
  const us: Record<string, number[]> = {};
  for (let r = 0; r < rounds; r++) {
    const orders = new Set<string>();
    for (const [name, side] of Object.entries(sides)) {
      const res = side.run(keys, cap);
      (us[name] ??= []).push(res.us);
      if (res.order !== '') orders.add(res.order);
    }
    if (orders.size !== 1) throw new Error(`sides disagree at capacity ${cap}: ${[...orders].join(' | ')}`);
  }
  const cells = Object.keys(sides).map((name) => `${median(us[name]!).toFixed(3)} µs`.padStart(18));
  console.log(String(cap).padEnd(11) + cells.join(''));
}
