import { readFileSync } from 'node:fs';

interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

/** A profile frame as the report names it: `fn (src/…/file.js[:line])`, or V8's own name for a native or GC. */
function frameName({ functionName, url, lineNumber }: CallFrame, withLine: boolean): string {
  const file = url.replace(/^.*\/(src|detectors|node_modules)\//, '$1/');
  if (!file) return functionName;
  return `${functionName || '(anonymous)'} (${file}${withLine ? `:${lineNumber + 1}` : ''})`;
}

/** The functions with the most self time in a V8 .cpuprofile, as shares of the busy (non-idle) time. */
export function topSelfTime(path: string, n: number): { top: { fn: string; pct: number }[]; gcPct: number } {
  const p = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((x) => [x.id, x]));
  const self = new Map<string, number>();
  let busy = 0;
  p.samples.forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)') return;
    const key = frameName(frame, false);
    const dt = p.timeDeltas[i] ?? 0;
    self.set(key, (self.get(key) ?? 0) + dt);
    busy += dt;
  });
  const pct = (t: number): number => Math.round((t / busy) * 1000) / 10;
  const top = [...self]
    .sort((x, y) => y[1] - x[1])
    .slice(0, n)
    .map(([fn, t]) => ({ fn, pct: pct(t) }));
  return { top, gcPct: pct(self.get('(garbage collector)') ?? 0) };
}

/**
 * The pipeline's stages, each a test on a stack frame (function name, script URL). A sample belongs to the
 * innermost frame on its stack that a stage claims, so a detector's regex is the detector's, an output's
 * sha256 the output side's. Order matters only where two tests could claim one frame.
 */
const STAGES: readonly (readonly [string, (fn: string, url: string) => boolean])[] = [
  [
    'floor: PII scan',
    (_f, u) => /detectors\/pii\/(engine|recognizers|normalise|context|redact|fingerprint)|src\/enrich\//.test(u),
  ],
  ['floor: decode', (_f, u) => /src\/(decode|formats)\//.test(u)],
  [
    'outputs: records, ids, validation, sinks, evidence',
    (f, u) =>
      /src\/(evidence|sink)\/|pipeline\/outputs|incident\/(snapshot|record-base)|policy\/records/.test(u) ||
      (/util\/hash/.test(u) && f !== 'stableId'),
  ],
  ['risk', (_f, u) => /src\/risk\//.test(u)],
  ['policy: post ladder, accounts, follow-ups', (_f, u) => /src\/policy\//.test(u)],
  ['account ledger (who disclosed, called, repeated)', (_f, u) => /account-observer|account-ledger/.test(u)],
  ['detectors', (_f, u) => /\/detectors\/|detector-runner/.test(u)],
  [
    'graph and incidents (compact graph, incident store)',
    (f, u) => /src\/(graph|incident)\/|graphology/.test(u) || f === 'stableId',
  ],
  ['pipeline: dedupe, caps, ticks, joins', (_f, u) => /src\/pipeline\//.test(u)],
];

/**
 * Where the pipeline's CPU goes, by stage: each sample under Pipeline (src/pipeline/pipeline.ts) attributed to
 * its innermost stage frame; garbage collection on its own line (V8 does not say whose garbage). Shares of the
 * pipeline's samples; what ran outside the pipeline (start-up, the source, the bench itself) is left out.
 */
export function stageShares(path: string): { stage: string; pct: number }[] {
  const p = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((x) => [x.id, x]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfTime = new Map<number, number>();
  p.samples.forEach((id, i) => selfTime.set(id, (selfTime.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const byStage = new Map<string, number>();
  let total = 0;
  for (const [id, t] of selfTime) {
    const leaf = byId.get(id)!.callFrame.functionName;
    if (leaf === '(idle)' || leaf === '(program)') continue;
    const stack: { fn: string; url: string }[] = [];
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const { functionName, url } = byId.get(cur)!.callFrame;
      stack.push({ fn: functionName, url });
    }
    let stage: string | null = null;
    if (leaf === '(garbage collector)') stage = 'garbage collection';
    else if (!stack.some((f) => f.url.includes('src/pipeline/pipeline'))) continue;
    else
      for (const f of stack) {
        const hit = STAGES.find(([, claims]) => claims(f.fn, f.url));
        if (hit) {
          stage = hit[0];
          break;
        }
      }
    stage ??= 'other (natives under the pipeline)';
    byStage.set(stage, (byStage.get(stage) ?? 0) + t);
    total += t;
  }
  return [...byStage]
    .sort((x, y) => y[1] - x[1])
    .map(([stage, t]) => ({ stage, pct: Math.round((t / total) * 1000) / 10 }));
}

interface HeapProfileNode {
  callFrame: CallFrame;
  selfSize: number;
  children: HeapProfileNode[];
}

/**
 * Where the default run's allocation comes from, in bytes per record: by stage (each sample attributed to the
 * innermost frame a stage claims, as stageShares does for time; bytes allocated outside the pipeline are left
 * out) and the functions allocating most themselves (anywhere). From a V8 sampling heap profile taken with
 * collected objects included (measure.ts alloc), so it counts what was allocated, not what stayed live.
 */
export function allocationShares(
  path: string,
  records: number,
  n: number,
): { stages: { stage: string; bytes: number }[]; top: { fn: string; bytes: number }[] } {
  const { head } = JSON.parse(readFileSync(path, 'utf8')) as { head: HeapProfileNode };
  const byStage = new Map<string, number>();
  const byFn = new Map<string, number>();
  // depth-first with the innermost claimed stage and "under the pipeline" carried down the stack
  const walk = (node: HeapProfileNode, stage: string | null, inPipeline: boolean): void => {
    const { functionName, url } = node.callFrame;
    const here = inPipeline || url.includes('src/pipeline/pipeline');
    const claimed = STAGES.find(([, claims]) => claims(functionName, url))?.[0] ?? stage;
    if (node.selfSize > 0) {
      if (here) {
        const key = claimed ?? 'other (natives under the pipeline)';
        byStage.set(key, (byStage.get(key) ?? 0) + node.selfSize);
      }
      const fn = frameName(node.callFrame, true);
      byFn.set(fn, (byFn.get(fn) ?? 0) + node.selfSize);
    }
    for (const child of node.children) walk(child, claimed, here);
  };
  walk(head, null, false);
  const perRecord = (bytes: number): number => Math.round(bytes / records);
  return {
    stages: [...byStage].sort((x, y) => y[1] - x[1]).map(([stage, b]) => ({ stage, bytes: perRecord(b) })),
    top: [...byFn]
      .sort((x, y) => y[1] - x[1])
      .slice(0, n)
      .map(([fn, b]) => ({ fn, bytes: perRecord(b) })),
  };
}

// npx tsx bench/core/profile.ts FILE.cpuprofile (the stage table of any profile of a run) or FILE.heapprofile RECORDS
if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const [file, records] = process.argv.slice(2);
  if (!file) throw new Error('usage: npx tsx bench/core/profile.ts FILE.cpuprofile | FILE.heapprofile RECORDS');
  if (file.endsWith('.heapprofile')) {
    const { stages, top } = allocationShares(file, Number(records), 25);
    for (const { stage, bytes } of stages) console.log(`${String(bytes).padStart(7)} B  ${stage}`);
    console.log('-- functions allocating most themselves');
    for (const { fn, bytes } of top) console.log(`${String(bytes).padStart(7)} B  ${fn}`);
  } else for (const { stage, pct } of stageShares(file)) console.log(`${String(pct).padStart(5)}%  ${stage}`);
}
