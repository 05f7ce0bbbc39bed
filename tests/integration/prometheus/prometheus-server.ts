import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A free TCP port on 127.0.0.1 (bound then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface RunningPrometheus {
  readonly url: string;
  /** instant query; rejects on a PromQL error */
  query(expr: string): Promise<PromSample[]>;
  /** the single value of a query returning one sample, or null when it returns none */
  scalar(expr: string): Promise<number | null>;
  stop(): Promise<void>;
  /** what Prometheus printed (for failure messages) */
  log(): string;
}

export interface PrometheusOptions {
  readonly binary: string;
  readonly targets: readonly string[];
  readonly scrapeIntervalSeconds?: number;
  /** absolute path of a rule file to load */
  readonly ruleFile?: string;
}

/** Start a real Prometheus on 127.0.0.1 with a temporary config and storage; resolves once it is ready. */
export async function startPrometheus(options: PrometheusOptions): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'doxguard-prom-'));
  const interval = `${options.scrapeIntervalSeconds ?? 1}s`;
  const config = [
    'global:',
    `  scrape_interval: ${interval}`,
    `  evaluation_interval: ${interval}`,
    ...(options.ruleFile ? ['rule_files:', `  - ${JSON.stringify(options.ruleFile)}`] : []),
    'scrape_configs:',
    '  - job_name: doxguard',
    `    scrape_interval: ${interval}`,
    '    static_configs:',
    `      - targets: ${JSON.stringify(options.targets)}`,
  ].join('\n');
  writeFileSync(join(dir, 'prometheus.yml'), config);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child: ChildProcess = spawn(
    options.binary,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited early:\n${output}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus not ready within 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  const query = async (expr: string): Promise<PromSample[]> => {
    const res = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: expr })}`);
    const body = (await res.json()) as {
      status: string;
      error?: string;
      data?: { resultType: string; result: unknown };
    };
    if (body.status !== 'success') throw new Error(`PromQL error for ${expr}: ${body.error ?? res.status}`);
    if (body.data?.resultType === 'scalar') {
      const [t, v] = body.data.result as [number, string];
      return [{ metric: {}, value: [t, v] }];
    }
    return body.data?.result as PromSample[];
  };
  const scalar = async (expr: string): Promise<number | null> => {
    const r = await query(expr);
    if (r.length > 1) throw new Error(`${expr} returned ${r.length} samples`);
    return r.length ? Number(r[0]!.value[1]) : null;
  };
  return { url, query, scalar, stop, log: () => output };
}

/** Poll `check` until it returns true or the timeout passes; returns whether it did. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, everyMs = 250): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
