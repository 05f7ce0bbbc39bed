/**
 * The output side alone (issue 17): the records of a finished `doxguard run` (its output folder) made again
 * and written again the way the pipeline writes them: contentId (id, canonical JSON and line), validation,
 * the file sink and the evidence log through PipelineOutputs. Record construction (snapshots, commands) is
 * not in it: that is the policy's and the incident store's. CPU µs per record, the median of --rounds rounds
 * in one process (the first two are warm-up), and a digest of what was written, so two trees can be compared
 * on one run's records (copy this file into the other tree; it uses only what both have).
 *
 *   npx tsx bench/core/outputs.ts <run output folder> [--rounds 7]
 *
 * The records are read back from the folder and stay in memory; nothing of them is printed.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { NO_HOOKS, type OutputRecord } from '../../src/contract/index.js';
import { createEvidenceLog } from '../../src/evidence/index.js';
import { PipelineStats } from '../../src/pipeline/index.js';
import { PipelineOutputs } from '../../src/pipeline/outputs.js';
import { createFileSink } from '../../src/sink/index.js';
import { contentId } from '../../src/util/index.js';

const { values: a, positionals } = parseArgs({
  options: { rounds: { type: 'string', default: '7' } },
  allowPositionals: true,
});
const dir = positionals[0];
if (!dir) throw new Error('usage: npx tsx bench/core/outputs.ts <run output folder> [--rounds 7]');

const PREFIX: Record<string, string> = {
  'doxguard.alert/1': 'alr',
  'doxguard.intervention/1': 'cmd',
  'doxguard.incident/1': 'snp',
};
const records: OutputRecord[] = [];
for (const file of ['alerts', 'interventions', 'incidents'])
  for (const line of readFileSync(join(dir, `${file}.ndjson`), 'utf8').split('\n'))
    if (line) records.push({ ...(JSON.parse(line) as OutputRecord), id: '' });
// in event-time order, as the pipeline made them (a stable sort keeps each file's order within a time)
records.sort((x, y) => (x.eventTime! < y.eventTime! ? -1 : x.eventTime! > y.eventTime! ? 1 : 0));

async function round(): Promise<{ cpuUs: number; digest: string }> {
  const out = mkdtempSync(join(tmpdir(), 'dg-outputs-'));
  const sink = await createFileSink(out);
  const evidence = createEvidenceLog(join(out, 'evidence.ndjson'));
  const outputs = new PipelineOutputs({
    sink,
    evidence,
    hooks: NO_HOOKS,
    stats: new PipelineStats(),
    validate: true,
    clock: null,
  });
  const t0 = process.cpuUsage();
  for (const r of records) outputs.emit(contentId(PREFIX[r.schema]!, { ...r }));
  await outputs.flush();
  const used = process.cpuUsage(t0);
  await sink.close('completed');
  await evidence.close('completed');
  const h = createHash('sha256');
  for (const f of readdirSync(out).sort()) if (f !== 'SHA256SUMS') h.update(f).update(readFileSync(join(out, f)));
  rmSync(out, { recursive: true, force: true });
  return { cpuUs: (used.user + used.system) / records.length, digest: h.digest('hex').slice(0, 16) };
}

const rounds: { cpuUs: number; digest: string }[] = [];
for (let i = 0; i < Number(a.rounds); i++) rounds.push(await round());
const timed = rounds.slice(2).map((r) => r.cpuUs);
const median = [...timed].sort((x, y) => x - y)[timed.length >> 1]!;
console.log(
  JSON.stringify({
    records: records.length,
    cpuUsPerRecord: Math.round(median * 10) / 10,
    rounds: timed.map((t) => Math.round(t)),
    digest: [...new Set(rounds.map((r) => r.digest))].join(','),
  }),
);
