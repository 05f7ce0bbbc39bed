// Is a second core a full core for this workload? A compute-bound, a memory-latency-bound and an allocation-heavy
// loop, one thread alone vs two at once (wall ms per thread): `node bench/core/cores.mjs` on a quiet machine.
import { performance } from 'node:perf_hooks';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
function spin(n) {
  let x = 0x9e3779b9 | 0,
    s = 0;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    s = (s + (x & 1023) * 3) | 0;
  }
  return s;
}
function chase(n) {
  const N = 1 << 22;
  const a = new Uint32Array(N);
  for (let i = 0; i < N; i++) a[i] = ((i * 2654435761 + 12345) % N) >>> 0;
  let p = 0;
  for (let i = 0; i < n; i++) p = a[p];
  return p;
}
function alloc(n) {
  let keep = [];
  let s = 0;
  for (let i = 0; i < n; i++) {
    const o = { a: i, b: 'k' + (i & 255), c: [i, i + 1] };
    keep.push(o);
    if (keep.length > 20000) keep = [];
    s += o.c.length;
  }
  return s;
}
const KINDS = { spin: [spin, 4e8], chase: [chase, 3e7], alloc: [alloc, 2e7] };
if (!isMainThread) {
  const [f, n] = KINDS[workerData];
  f(n / 20);
  const t = performance.now();
  f(n);
  parentPort.postMessage(performance.now() - t);
} else {
  const run = (kind, k) =>
    Promise.all(
      Array.from(
        { length: k },
        () =>
          new Promise((res) => {
            const w = new Worker(new URL(import.meta.url), { workerData: kind });
            w.on('message', (ms) => {
              res(ms);
              w.terminate();
            });
          }),
      ),
    );
  for (const kind of Object.keys(KINDS))
    for (let r = 0; r < 3; r++) {
      const one = await run(kind, 1);
      const two = await run(kind, 2);
      console.log(
        kind,
        'alone',
        one[0].toFixed(0),
        'ms; two at once',
        two.map((x) => x.toFixed(0)).join(' / '),
        'ms; slowdown',
        (Math.max(...two) / one[0]).toFixed(2),
      );
    }
}
