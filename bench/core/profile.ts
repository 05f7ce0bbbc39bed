import { readFileSync } from 'node:fs';

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** The functions with the most self time in a V8 .cpuprofile, as shares of the busy (non-idle) time. */
export function topSelfTime(path: string, n: number): { top: { fn: string; pct: number }[]; gcPct: number } {
  const p = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((x) => [x.id, x]));
  const self = new Map<string, number>();
  let busy = 0;
  p.samples.forEach((id, i) => {
    const { functionName, url } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') return;
    const file = url.replace(/^.*\/(src|detectors|node_modules)\//, '$1/');
    const key = file ? `${functionName || '(anonymous)'} (${file})` : functionName;
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
