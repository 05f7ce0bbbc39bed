import { Worker } from 'node:worker_threads';

/**
 * A worker thread running `entry`. A compiled entry (.js) starts as it is; a
 * source entry (.ts, a run through tsx or vitest) starts from a tiny script
 * that registers tsx's loader in the new thread first (a loader registered in
 * this thread does not reach it).
 */
export function startWorker(entry: URL, workerData: unknown): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData });
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { eval: true, workerData });
}

/**
 * The module `name` beside the module at `from` (an `import.meta.url`), in the same form: its .ts source when
 * `from` runs as source (tsx, vitest), its compiled .js in a build.
 */
export function siblingModule(name: string, from: string): URL {
  return new URL(`./${name}${from.endsWith('.ts') ? '.ts' : '.js'}`, from);
}
