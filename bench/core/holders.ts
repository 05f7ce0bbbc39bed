/**
 * What holds the live heap, from a heap snapshot (`memory.js peak FILE OUT 280000` writes one): each object's
 * retained size (its dominator subtree: what would be freed with it), summed by class, by the field of an
 * Incident, AccountLedger or PostNode that holds it, and by the field of each detector state
 * (Incident.detectorState[i], named by the default config's active detectors, in the runner's order: the
 * snapshot must be of a default run, as memory.js's). Prints markdown.
 *
 *   node --max-old-space-size=8000 dist-bench/bench/core/holders.js SNAPSHOT
 *
 * Dominators by Cooper, Harvey and Kennedy's iterative algorithm over a depth-first post-order from the
 * snapshot's root, weak and shortcut edges left out (as DevTools does).
 */
import { readFileSync } from 'node:fs';
import { activateDetectors } from '../../detectors/registry.js';
import { benchConfig } from './config.js';

interface Snapshot {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[], ...unknown[]];
      edge_fields: string[];
      edge_types: [string[], ...unknown[]];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/** A snapshot's graph with each node's immediate dominator and retained size. */
export class Holders {
  private readonly nf: number;
  private readonly ef: number;
  /** each field's offset in a node's or an edge's record, as the snapshot's meta names them */
  private readonly at: { type: number; name: number; size: number; edgeType: number; edgeName: number; to: number };
  private readonly n: number;
  private readonly first: Uint32Array;
  readonly idom: Int32Array;
  readonly retained: Float64Array;
  readonly reachable: Uint8Array;

  constructor(private readonly s: Snapshot) {
    const m = s.snapshot.meta;
    this.nf = m.node_fields.length;
    this.ef = m.edge_fields.length;
    this.at = {
      type: m.node_fields.indexOf('type'),
      name: m.node_fields.indexOf('name'),
      size: m.node_fields.indexOf('self_size'),
      edgeType: m.edge_fields.indexOf('type'),
      edgeName: m.edge_fields.indexOf('name_or_index'),
      to: m.edge_fields.indexOf('to_node'),
    };
    this.n = s.nodes.length / this.nf;
    const n = this.n;
    this.first = new Uint32Array(n + 1);
    const count = m.node_fields.indexOf('edge_count');
    for (let i = 0, e = 0; i < n; i++) {
      this.first[i] = e;
      e += s.nodes[i * this.nf + count]! * this.ef;
    }
    this.first[n] = s.edges.length;
    const skip = new Set([m.edge_types[0].indexOf('weak'), m.edge_types[0].indexOf('shortcut')]);
    const { edgeType: typeAt, to: toAt } = this.at;
    const targets = (v: number, f: (to: number) => void): void => {
      for (let e = this.first[v]!; e < this.first[v + 1]!; e += this.ef)
        if (!skip.has(s.edges[e + typeAt]!)) f(s.edges[e + toAt]! / this.nf);
    };
    // post-order from the root (node 0), iteratively
    const post = new Int32Array(n).fill(-1);
    const order = new Int32Array(n);
    this.reachable = new Uint8Array(n);
    const stack = new Int32Array(n);
    const cursor = new Uint32Array(n);
    let sp = 0;
    let done = 0;
    stack[sp++] = 0;
    cursor[0] = this.first[0]!;
    this.reachable[0] = 1;
    while (sp > 0) {
      const v = stack[sp - 1]!;
      let pushed = false;
      while (cursor[sp - 1]! < this.first[v + 1]!) {
        const e = cursor[sp - 1]!;
        cursor[sp - 1] = e + this.ef;
        if (skip.has(s.edges[e + typeAt]!)) continue;
        const to = s.edges[e + toAt]! / this.nf;
        if (this.reachable[to]) continue;
        this.reachable[to] = 1;
        stack[sp] = to;
        cursor[sp] = this.first[to]!;
        sp++;
        pushed = true;
        break;
      }
      if (!pushed) {
        sp--;
        post[v] = done;
        order[done++] = v;
      }
    }
    // predecessors, as flat lists
    const start = new Uint32Array(n + 1);
    for (let v = 0; v < n; v++) if (this.reachable[v]) targets(v, (to) => start[to + 1]!++);
    for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
    const preds = new Int32Array(start[n]!);
    const fill = start.slice();
    for (let v = 0; v < n; v++) if (this.reachable[v]) targets(v, (to) => (preds[fill[to]!++] = v));
    this.idom = new Int32Array(n).fill(-1);
    this.idom[0] = 0;
    for (let changed = true; changed;) {
      changed = false;
      for (let k = done - 2; k >= 0; k--) {
        const v = order[k]!;
        let d = -1;
        for (let p = start[v]!; p < start[v + 1]!; p++) {
          const u = preds[p]!;
          if (this.idom[u] === -1) continue;
          if (d === -1) d = u;
          else {
            let a = u;
            let b = d;
            while (a !== b) {
              while (post[a]! < post[b]!) a = this.idom[a]!;
              while (post[b]! < post[a]!) b = this.idom[b]!;
            }
            d = a;
          }
        }
        if (d !== -1 && this.idom[v] !== d) {
          this.idom[v] = d;
          changed = true;
        }
      }
    }
    this.retained = new Float64Array(n);
    for (let k = 0; k < done; k++) {
      const v = order[k]!;
      this.retained[v]! += this.selfSize(v);
      if (v !== 0) this.retained[this.idom[v]!]! += this.retained[v]!;
    }
  }

  get count(): number {
    return this.n;
  }
  type(v: number): string {
    return this.s.snapshot.meta.node_types[0][this.s.nodes[v * this.nf + this.at.type]!]!;
  }
  name(v: number): string {
    return this.s.strings[this.s.nodes[v * this.nf + this.at.name]!]!;
  }
  selfSize(v: number): number {
    return this.s.nodes[v * this.nf + this.at.size]!;
  }
  /** `v`'s outgoing edges that it dominates the target of: [edge name or [index], target]. */
  held(v: number): [string, number][] {
    const out: [string, number][] = [];
    const types = this.s.snapshot.meta.edge_types[0];
    for (let e = this.first[v]!; e < this.first[v + 1]!; e += this.ef) {
      const to = this.s.edges[e + this.at.to]! / this.nf;
      if (this.idom[to] !== v) continue;
      const t = types[this.s.edges[e + this.at.edgeType]!];
      const name =
        t === 'element' || t === 'hidden'
          ? `[${this.s.edges[e + this.at.edgeName]}]`
          : this.s.strings[this.s.edges[e + this.at.edgeName]!]!;
      out.push([name, to]);
    }
    return out;
  }
}

/** A detector's states, summed: the order of the tables. */
const sf0 = ([, sf]: [string, Map<string, number>]): number => sf.get('(all)') ?? 0;
const MB = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);

function table(title: string, rows: Map<string, number>, per: number, limit = 12): string {
  const lines = [`| ${title} | MB | B each |`, '|---|---:|---:|'];
  for (const [k, b] of [...rows].sort((x, y) => y[1] - x[1]).slice(0, limit))
    lines.push(`| ${k} | ${MB(b)} | ${per > 0 ? Math.round(b / per) : '-'} |`);
  return lines.join('\n');
}

function main(path: string): void {
  const h = new Holders(JSON.parse(readFileSync(path, 'utf8')) as Snapshot);
  const byClass = new Map<string, number>();
  const fields = new Map<string, Map<string, number>>();
  const instances = new Map<string, number>();
  const states = new Map<string, Map<string, number>>();
  let detectorStates = 0;
  for (let v = 0; v < h.count; v++) {
    if (!h.reachable[v] || h.type(v) !== 'object') continue;
    const cls = h.name(v);
    byClass.set(cls, (byClass.get(cls) ?? 0) + h.retained[v]!);
    if (cls !== 'Incident' && cls !== 'AccountLedger' && cls !== 'PostNode') continue;
    instances.set(cls, (instances.get(cls) ?? 0) + 1);
    const f = fields.get(cls) ?? new Map<string, number>();
    fields.set(cls, f);
    let rest = h.retained[v]! - h.selfSize(v);
    f.set('(itself)', (f.get('(itself)') ?? 0) + h.selfSize(v));
    for (const [name, to] of h.held(v)) {
      f.set(name, (f.get(name) ?? 0) + h.retained[to]!);
      rest -= h.retained[to]!;
      if (cls !== 'Incident' || name !== 'detectorState') continue;
      for (const [index, state] of h.held(to)) {
        if (!index.startsWith('[')) continue;
        detectorStates++;
        const sf = states.get(index) ?? new Map<string, number>();
        states.set(index, sf);
        sf.set('(all)', (sf.get('(all)') ?? 0) + h.retained[state]!);
        for (const [field, x] of h.held(state)) sf.set(field, (sf.get(field) ?? 0) + h.retained[x]!);
      }
    }
    // held through two or more of its fields (a participant listed and indexed): dominated, but by no one field
    f.set('(through several fields)', (f.get('(through several fields)') ?? 0) + rest);
  }
  const out = [`Live heap ${MB(h.retained[0]!)} MB (${path}); ${detectorStates} detector states.`, ''];
  out.push(table('class (retained, summed; nested classes counted in each)', byClass, 0, 15), '');
  for (const cls of ['Incident', 'AccountLedger', 'PostNode'])
    if (fields.has(cls))
      out.push(table(`${cls} (${instances.get(cls)}) by field`, fields.get(cls)!, instances.get(cls)!), '');
  const incidents = instances.get('Incident') ?? 0;
  const names = activateDetectors(benchConfig('-', '-', 1, 1).detectors).map((a) => a.detector.name);
  for (const [index, sf] of [...states].sort((x, y) => (sf0(x) < sf0(y) ? 1 : -1)))
    out.push(table(`${names[Number(index.slice(1, -1))]} state by field (per incident)`, sf, incidents, 6), '');
  process.stdout.write(out.join('\n') + '\n');
}

if (process.argv[2]) main(process.argv[2]);
else {
  process.stderr.write('usage: holders.js SNAPSHOT\n');
  process.exitCode = 2;
}
