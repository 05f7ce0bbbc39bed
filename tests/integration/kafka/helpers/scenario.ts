import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate, type SimulateOptionsInput } from '../../../../src/simulate/index.js';
import { type ProduceMessage, type ReadMessage, type TestTopics, readTopic } from './kafka.js';

const ROOT = join(import.meta.dirname, '../../../..');

export interface Scenario {
  readonly lines: string[];
  /** each line's partition key: the cascade root (reposts follow their parent's key) */
  readonly keys: string[];
}

/**
 * Simulated input with the keying contract applied: every event keyed by its
 * cascade's root post (reposts inherit their parent's key), every notice by
 * the key of the post it is about.
 */
export function scenario(options: SimulateOptionsInput): Scenario {
  const { lines } = simulate(options);
  const rootOf = new Map<string, string>();
  const keys = lines.map((line, i) => {
    try {
      const e = JSON.parse(line) as {
        type?: string;
        platform?: string;
        postId?: string;
        parentId?: string | null;
        rootId?: string | null;
      };
      if (!e.platform || !e.postId) return `line-${i}`;
      const self = `${e.platform}:${e.postId}`;
      // a notice goes with the post it is about
      if (e.type === 'notice') return rootOf.get(self) ?? self;
      const parent = e.parentId ? (rootOf.get(`${e.platform}:${e.parentId}`) ?? `${e.platform}:${e.parentId}`) : null;
      const root = e.rootId ? `${e.platform}:${e.rootId}` : (parent ?? self);
      rootOf.set(self, root);
      return root;
    } catch {
      return `line-${i}`;
    }
  });
  return { lines, keys };
}

/** A doxxing incident that jumps platforms (its two cascades' roots: the jump incident's rootKeys in the truth). */
export const JUMP_OPTIONS = {
  seed: 3,
  backgroundCascades: 80,
  doxxing: 1,
  doxxingSize: 200,
  jumpShare: 1,
  noticeShare: 0,
  viral: 0,
} as const;

export function toMessages(s: Scenario, partitions?: number): ProduceMessage[] {
  return s.lines.map((value, i) => ({ key: s.keys[i]!, value, ...(partitions === 1 ? { partition: 0 } : {}) }));
}

export interface Outputs {
  readonly alerts: unknown[];
  readonly interventions: unknown[];
  readonly incidents: unknown[];
  readonly dlq: unknown[];
}

/** The reference: the same lines through `doxguard run` in file mode. */
export function runFileMode(s: Scenario, config: Record<string, unknown>): Outputs {
  const dir = mkdtempSync(join(tmpdir(), 'doxguard-file-'));
  const input = join(dir, 'in.ndjson');
  writeFileSync(input, s.lines.join('\n') + '\n');
  const cfg = join(dir, 'config.yaml');
  writeFileSync(cfg, JSON.stringify({ ...config, source: { kind: 'file' }, output: { kind: 'files' } }));
  execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'src/cli/main.ts'),
      'run',
      '--no-progress',
      '--config',
      cfg,
      '-i',
      input,
      '-o',
      join(dir, 'out'),
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const read = (f: string): unknown[] =>
    readFileSync(join(dir, 'out', f), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as unknown);
  return {
    alerts: read('alerts.ndjson'),
    interventions: read('interventions.ndjson'),
    incidents: read('incidents.ndjson'),
    dlq: read('dlq.ndjson'),
  };
}

export async function readOutputs(t: TestTopics): Promise<Outputs & { raw: ReadMessage[] }> {
  const [alerts, interventions, incidents, dlq] = await Promise.all(
    [t.alerts, t.interventions, t.incidents, t.dlq].map(async (topic) => readTopic(topic)),
  );
  const parse = (ms: ReadMessage[]): unknown[] => ms.map((m) => JSON.parse(m.value!) as unknown);
  return {
    alerts: parse(alerts!),
    interventions: parse(interventions!),
    incidents: parse(incidents!),
    dlq: parse(dlq!),
    raw: [...alerts!, ...interventions!, ...incidents!, ...dlq!],
  };
}

export const idOf = (r: unknown): string => (r as { id: string }).id;

/** id -> how many times it appears */
export function idCounts(records: readonly unknown[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of records) m.set(idOf(r), (m.get(idOf(r)) ?? 0) + 1);
  return m;
}

/** The same record may only come back byte for byte: id -> one canonical JSON. */
export function byId(records: readonly unknown[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const r of records) {
    const json = JSON.stringify(r);
    const prev = m.get(idOf(r));
    if (prev !== undefined && prev !== json) throw new Error(`id ${idOf(r)} was emitted with two different contents`);
    m.set(idOf(r), json);
  }
  return m;
}

/** Records per incident in emission order: the order Kafka keeps (one key, one partition). */
export function perIncident(records: readonly unknown[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const r of records) {
    const key = (r as { incidentId: string }).incidentId;
    (out[key] ??= []).push(JSON.stringify(r));
  }
  return out;
}
