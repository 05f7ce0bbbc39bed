import { describe, expect, it } from 'vitest';
import { TREE_FROM, sampled, sampledKeys, structure } from '../../../../detectors/cascade/structure.js';
import { conformance, ctxOf, ev, graphOf, run } from './fixtures.js';

/** a broadcast: everyone reshares the root */
function star(n: number) {
  const parents: Record<string, string | null> = { 'weibo:r': null };
  const events = [ev({ postId: 'r', kind: 'post' })];
  for (let i = 0; i < n; i++) {
    parents[`weibo:s${i}`] = 'weibo:r';
    events.push(ev({ postId: `s${i}`, parentId: 'r', time: i }));
  }
  return { graph: graphOf(parents), events };
}

/** person-to-person: a few long chains */
function chains(n: number, length: number) {
  const parents: Record<string, string | null> = { 'weibo:r': null };
  const events = [ev({ postId: 'r', kind: 'post' })];
  for (let c = 0; c < n; c++) {
    let parent = 'r';
    for (let d = 0; d < length; d++) {
      const id = `c${c}_${d}`;
      parents[`weibo:${id}`] = `weibo:${parent}`;
      events.push(ev({ postId: id, parentId: parent, time: c * 100 + d }));
      parent = id;
    }
  }
  return { graph: graphOf(parents), events };
}

describe('cascade/structure', () => {
  it('passes conformance', () => {
    const { graph, events } = chains(4, 8);
    conformance(structure, events, graph);
  });

  it('gives a star virality ~2 (no signal) and deep chains a high score', () => {
    const s = star(60);
    const starRun = run(structure, s.events, s.graph);
    const c = chains(6, 10);
    const chainRun = run(structure, c.events, c.graph);
    const m = sampled(starRun.state);
    expect(starRun.state.pairSum / ((m * (m - 1)) / 2)).toBeCloseTo(2, 0);
    expect(starRun.signals).toEqual([]);
    expect(chainRun.signals[0]!.score).toBeGreaterThan(0.8);
    expect(chainRun.state.maxDepth).toBe(10);
    expect(Math.max(...chainRun.state.levels)).toBe(6);
  });

  it('keeps the pair sum exact under incremental bottom-k sampling', () => {
    const c = chains(20, 10);
    const { state } = run(structure, c.events, c.graph, { sampleSize: 16 });
    expect(sampled(state)).toBe(16);
    const restored = structure.restore(JSON.parse(JSON.stringify(structure.save(state))), structure.options.parse({}));
    expect(restored.pairSum).toBe(state.pairSum);
  });

  it('keeps the pair sum exact with and without the prefix tree, across its threshold', () => {
    const o = structure.options.parse({});
    for (const sampleSize of [4, TREE_FROM - 1, TREE_FROM, TREE_FROM + 1, 40]) {
      const c = chains(12, 7);
      let state = structure.init(o);
      const opts = { ...o, sampleSize };
      for (const [i, e] of c.events.entries()) {
        state = structure.step(state, e, ctxOf(c.graph, e.time), opts).state;
        if (i % 5 !== 0) continue;
        // the pair sum recomputed pair by pair from the sample (restore), against the incremental one
        const fresh = structure.restore(JSON.parse(JSON.stringify(structure.save(state))), opts);
        expect(state.pairSum).toBe(fresh.pairSum);
        expect(state.prefixes === null).toBe(sampled(state) < TREE_FROM);
      }
    }
  });

  it("restores a state saved by 1.0.0, which also listed each sampled post's event id", () => {
    const c = chains(5, 4);
    const o = structure.options.parse({});
    const { state } = run(structure, c.events, c.graph);
    const saved = JSON.parse(JSON.stringify(structure.save(state))) as { sample: { chain: string[] }[] };
    const old = { ...saved, sample: saved.sample.map((x, i) => ({ ...x, eventId: `e${i}` })) };
    const restored = structure.restore(old, o);
    expect(sampledKeys(restored)).toEqual(sampledKeys(state));
    expect(restored.pairSum).toBe(state.pairSum);
    // the chain is the ancestors then the post, root first, as 1.0.0 saved it
    expect(saved.sample.map((x) => x.chain.at(-1))).toEqual(sampledKeys(state));
    expect(saved.sample.every((x) => x.chain[0] === 'weibo:r')).toBe(true);
  });

  it('samples the same posts whatever the arrival order', () => {
    const c = chains(10, 6);
    const a = run(structure, c.events, c.graph, { sampleSize: 12 });
    const b = run(structure, [...c.events].reverse(), c.graph, { sampleSize: 12 });
    expect(sampledKeys(b.state)).toEqual(sampledKeys(a.state));
    expect(b.state.pairSum).toBe(a.state.pairSum);
  });

  it('keeps the pair sum exact on a branching tree as sampled chains come and go (prefix nodes split and rejoin)', () => {
    // a tree where each post answers a pseudo-random earlier one, in two roots: chains share prefixes of
    // every length, and a small sample evicts often
    const parents: Record<string, string | null> = { 'weibo:r0': null, 'weibo:r1': null };
    const events = [ev({ postId: 'r0', kind: 'post' }), ev({ postId: 'r1', kind: 'post' })];
    const ids = ['r0', 'r1'];
    for (let i = 0; i < 300; i++) {
      const parent = ids[(i * 7919) % ids.length]!;
      const id = `b${i}`;
      parents[`weibo:${id}`] = `weibo:${parent}`;
      events.push(ev({ postId: id, parentId: parent, time: i }));
      ids.push(id);
    }
    const graph = graphOf(parents);
    for (const sampleSize of [TREE_FROM, TREE_FROM + 3, 40]) {
      const o = structure.options.parse({ sampleSize });
      let state = structure.init(o);
      for (const e of events) {
        state = structure.step(state, e, ctxOf(graph, e.time), o).state;
        const fresh = structure.restore(JSON.parse(JSON.stringify(structure.save(state))), o);
        expect(state.pairSum).toBe(fresh.pairSum);
      }
    }
  });
});
