import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/index.js';
import { createEvidenceLog, verifyEvidenceLog } from '../../../src/evidence/index.js';
import { replayConfig, replayFiles, toKafkaNotice } from '../../../src/replay/index.js';
import { Simulation } from '../../../src/simulate/index.js';

const dir = mkdtempSync(join(tmpdir(), 'doxguard-replay-live-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sim = new Simulation({ seed: 5, durationMs: 2 * 3600_000, backgroundCascades: 30, doxxing: 2, doxxingSize: 120 });
const input = join(dir, 'history.ndjson');
writeFileSync(input, [...sim.lines()].join('\n') + '\n');
const quiet = { write: () => true };

/** A live evidence log with one chained entry, as a production run leaves it. */
async function liveLog(path: string): Promise<string> {
  const log = createEvidenceLog(path);
  log.notice(
    {
      type: 'notice',
      noticeId: 'n1',
      platform: 'weibo',
      postId: 'p1',
      time: 0,
      reporter: 'victim',
      position: { kind: 'stdin', line: 1 },
    },
    null,
  );
  await log.close();
  return readFileSync(path, 'utf8');
}

describe('replay never touches live state', () => {
  it('writes its own evidence chain, every entry marked replay, and leaves the configured live log alone', async () => {
    const live = join(dir, 'live-evidence.ndjson');
    const before = await liveLog(live);
    const config = validateConfig({ fingerprintSecret: 'replay-live-state-secret', evidence: { path: live } });
    const out = join(dir, 'replay');
    const result = await replayFiles({ config, files: [input], outDir: out, stderr: quiet });
    expect(result.stats.alerts).toBeGreaterThan(0);
    expect(readFileSync(live, 'utf8')).toBe(before);
    const entries = readFileSync(join(out, 'evidence.ndjson'), 'utf8').trim().split('\n');
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((l) => (JSON.parse(l) as { replay?: boolean }).replay === true)).toBe(true);
    const verified = await verifyEvidenceLog(join(out, 'evidence.ndjson'));
    expect(verified).toMatchObject({ ok: true, entries: entries.length });
    expect(verified.counts.replay).toBe(entries.length);
  }, 120_000);

  it('refuses to extend a live log from a replay, or a replay log from a live run', async () => {
    const config = validateConfig({ fingerprintSecret: 'replay-live-state-secret' });
    const liveFolder = mkdtempSync(join(dir, 'lf-'));
    await liveLog(join(liveFolder, 'evidence.ndjson'));
    await expect(replayFiles({ config, files: [input], outDir: liveFolder, stderr: quiet })).rejects.toMatchObject({
      code: 'DG_ERR_EVIDENCE_MIXED',
    });
    const replayLog = join(dir, 'replay', 'evidence.ndjson');
    expect(() => createEvidenceLog(replayLog)).toThrow(/holds replay entries/);
    const sameAsLive = validateConfig({ evidence: { path: join(liveFolder, 'evidence.ndjson') } });
    expect(() => replayConfig({ config: sameAsLive, outDir: liveFolder }, {})).toThrow(/live evidence log/);
  });

  it('writes to Kafka only with toKafka, and says where', () => {
    const config = validateConfig({ output: { kind: 'files', dir: 'live-out' } });
    expect(() => replayConfig({ config, outDir: null }, {})).toThrow(/--out/);
    const toKafka = replayConfig({ config, outDir: null, evidenceDir: 'ev', toKafka: true }, {});
    expect(toKafka.output.kind).toBe('kafka');
    expect(toKafka.evidence.path).toBe(join('ev', 'evidence.ndjson'));
    expect(toKafkaNotice(toKafka)).toMatch(
      /WRITES to Kafka on 127\.0\.0\.1:9092: doxguard\.alerts, doxguard\.interventions/,
    );
  });
});
