import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

const ROOT = join(import.meta.dirname, '../../../..');

export interface Processor {
  readonly child: ChildProcess;
  /** resolves when the process exits */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** stderr so far (start-up line, errors), for failure messages */
  stderr(): string;
  kill(signal: NodeJS.Signals): void;
}

/** Write a config object to a temporary file (JSON is YAML). */
export function writeConfig(config: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'doxguard-kafka-'));
  const file = join(dir, 'config.yaml');
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

/** `doxguard run` as a child process (through tsx, from the sources), as an orchestrator would run it. */
export function startProcessor(args: readonly string[], env: Record<string, string> = {}): Processor {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'run', '--no-progress', ...args],
    {
      cwd: ROOT,
      env: { ...process.env, ...env, KAFKAJS_NO_PARTITIONER_WARNING: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    if (err.length > 200_000) err = err.slice(-100_000);
  });
  child.stdout!.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    exited,
    stderr: () => err,
    kill: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}

export function startKafkaProcessor(configFile: string): Processor {
  return startProcessor(['--config', configFile]);
}

/**
 * `startKafkaProcessor` for one test file: every processor it starts is
 * killed (SIGKILL) after each test, so a failed test leaves no consumer in
 * the group for the next one.
 */
export function processorsKilledAfterEach(): (configFile: string) => Processor {
  const running: Processor[] = [];
  afterEach(() => {
    for (const p of running.splice(0)) p.kill('SIGKILL');
  });
  return (configFile) => {
    const p = startKafkaProcessor(configFile);
    running.push(p);
    return p;
  };
}
