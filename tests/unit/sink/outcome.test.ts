import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMAS, type AlertRecord, type RunOutcome } from '../../../src/contract/index.js';
import { createEvidenceLog, verifyEvidenceLog } from '../../../src/evidence/index.js';
import { checkOutputSet, CHANNEL_FILES, createFileSink, MANIFEST } from '../../../src/sink/index.js';

const alert = (id: string): AlertRecord => ({
  schema: SCHEMAS.alert,
  id,
  eventTime: '2026-01-05T08:00:00.000Z',
  incidentId: 'inc_1',
  rootIds: ['r1'],
  postIds: ['r1'],
  level: 'warning',
  previousLevel: null,
  score: 0.5,
  dimensions: { sensitivity: 0.5, spread: 0.5, mobilisation: 0, malice: 0, publicInterest: 0 },
  platforms: ['weibo'],
  piiCategories: [],
  reasons: [],
  shadow: false,
});

/** A folder holding a completed run's outputs and evidence ("previous run"), and one more run ending with `outcome`. */
async function twoRuns(outcome: RunOutcome): Promise<{ dir: string; before: Record<string, string> }> {
  const dir = mkdtempSync(join(tmpdir(), 'dg-outcome-'));
  const run = async (id: string, end: RunOutcome): Promise<void> => {
    const sink = await createFileSink(dir);
    const evidence = createEvidenceLog(join(dir, 'evidence.ndjson'), { staged: true });
    for (const r of [alert(`${id}_1`), alert(`${id}_2`)]) {
      sink.emit(r);
      evidence.emit(r);
    }
    await sink.flush();
    await evidence.flush();
    await sink.close(end);
    await evidence.close(end);
  };
  await run('first', 'completed');
  const before: Record<string, string> = {};
  for (const f of [...Object.values(CHANNEL_FILES), 'evidence.ndjson']) before[f] = readFileSync(join(dir, f), 'utf8');
  await run('second', outcome);
  return { dir, before };
}

describe('file outputs: write, then rename when the run completes', () => {
  it('a failed run leaves the previous run files and evidence byte for byte, and no partial file', async () => {
    const { dir, before } = await twoRuns('failed');
    for (const [f, text] of Object.entries(before)) expect(readFileSync(join(dir, f), 'utf8'), f).toBe(text);
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('an interrupted run leaves the previous files too, and its own outputs beside them as .partial', async () => {
    const { dir, before } = await twoRuns('interrupted');
    for (const [f, text] of Object.entries(before)) expect(readFileSync(join(dir, f), 'utf8'), f).toBe(text);
    expect(readFileSync(join(dir, 'alerts.ndjson.partial'), 'utf8')).toContain('second_1');
    expect(existsSync(join(dir, 'evidence.ndjson.partial'))).toBe(true);
  });

  it('a completed run replaces the outputs and appends to the evidence log, whose chain continues', async () => {
    const { dir, before } = await twoRuns('completed');
    const alerts = readFileSync(join(dir, 'alerts.ndjson'), 'utf8');
    expect(alerts).toContain('second_1');
    expect(alerts).not.toContain('first_1');
    const evidence = readFileSync(join(dir, 'evidence.ndjson'), 'utf8');
    expect(evidence.startsWith(before['evidence.ndjson']!)).toBe(true);
    expect(evidence.trim().split('\n')).toHaveLength(4);
    expect(await verifyEvidenceLog(join(dir, 'evidence.ndjson'))).toMatchObject({ ok: true, entries: 4 });
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('a stage left by an interrupted run is not appended by the next one', async () => {
    const { dir } = await twoRuns('interrupted');
    writeFileSync(join(dir, 'evidence.ndjson.partial'), 'garbage\n', { flag: 'a' });
    const evidence = createEvidenceLog(join(dir, 'evidence.ndjson'), { staged: true });
    evidence.emit(alert('third'));
    await evidence.close('completed');
    expect(await verifyEvidenceLog(join(dir, 'evidence.ndjson'))).toMatchObject({ ok: true, entries: 3 });
  });
});

describe('the four files switch as one set (SHA256SUMS written last)', () => {
  const fill = async (dir: string, id: string, crashAfter?: string): Promise<void> => {
    const sink = await createFileSink(dir, {
      afterRename: (file) => {
        if (file === crashAfter) throw new Error('crash between renames');
      },
    });
    sink.emit(alert(`${id}_1`));
    await sink.close('completed');
  };

  it('a completed run leaves a SHA256SUMS that sha256sum -c accepts and checkOutputSet agrees with', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dg-set-'));
    await fill(dir, 'first');
    expect(await checkOutputSet(dir)).toEqual({ ok: true });
    const out = execFileSync('sha256sum', ['-c', MANIFEST], { cwd: dir, encoding: 'utf8' });
    expect(out.trim().split('\n').sort()).toEqual(
      Object.values(CHANNEL_FILES)
        .map((f) => `${f}: OK`)
        .sort(),
    );
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('a crash between two renames leaves a mixed folder that says so: no SHA256SUMS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dg-set-'));
    await fill(dir, 'first');
    await expect(fill(dir, 'second', 'interventions.ndjson')).rejects.toThrow('crash between renames');
    // alerts and interventions are the second run's, incidents and dlq still the first run's
    expect(readFileSync(join(dir, 'alerts.ndjson'), 'utf8')).toContain('second_1');
    expect(
      readdirSync(dir)
        .filter((f) => f.endsWith('.partial'))
        .sort(),
    ).toEqual(['SHA256SUMS.partial', 'dlq.ndjson.partial', 'incidents.ndjson.partial']);
    expect(existsSync(join(dir, MANIFEST))).toBe(false);
    expect(await checkOutputSet(dir)).toMatchObject({ ok: false, reason: expect.stringContaining('no SHA256SUMS') });
    // the next completed run writes a whole set again
    await fill(dir, 'third');
    expect(await checkOutputSet(dir)).toEqual({ ok: true });
  });

  it('a file replaced behind the manifest is detected', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dg-set-'));
    await fill(dir, 'first');
    writeFileSync(join(dir, 'alerts.ndjson'), JSON.stringify(alert('other')) + '\n');
    expect(await checkOutputSet(dir)).toMatchObject({ ok: false, reason: expect.stringContaining('alerts.ndjson') });
    expect(() => execFileSync('sha256sum', ['-c', '--quiet', MANIFEST], { cwd: dir, stdio: 'pipe' })).toThrow();
  });
});
