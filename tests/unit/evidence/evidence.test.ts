import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEvidenceLog, verifyEvidenceLog } from '../../../src/evidence/index.js';
import { isDoxguardError } from '../../../src/errors/index.js';
import { SCHEMAS, type AlertRecord, type InterventionRecord } from '../../../src/contract/index.js';

const dir = mkdtempSync(join(tmpdir(), 'dg-evidence-'));
let n = 0;
const fresh = (): string => join(dir, `log${++n}.ndjson`);

const alert = (i: number): AlertRecord => ({
  schema: SCHEMAS.alert,
  id: `alr_${i}`,
  eventTime: '2026-01-05T08:00:00.000Z',
  incidentId: 'inc_1',
  rootIds: ['r1'],
  postIds: ['r1', 'p2'],
  level: 'warning',
  previousLevel: null,
  score: 0.5,
  dimensions: { sensitivity: 0.8, spread: 0.4, mobilisation: 0.6, malice: 0, publicInterest: 0 },
  platforms: ['weibo'],
  piiCategories: ['phone'],
  reasons: [
    {
      detector: 'pii/dossier',
      code: 'PII_DOSSIER',
      dimension: 'sensitivity',
      score: 0.8,
      message: 'phone 138****5678 disclosed',
      evidence: ['ev1', 'fp_abc'],
    },
  ],
  shadow: false,
});

const command = (i: number): InterventionRecord => ({
  schema: SCHEMAS.intervention,
  id: `cmd_${i}`,
  eventTime: '2026-01-05T08:01:00.000Z',
  incidentId: 'inc_1',
  rootIds: ['r1'],
  postIds: ['r1'],
  action: 'throttle',
  lifts: null,
  targets: [{ platform: 'weibo', postIds: ['r1', 'p2'] }],
  params: { reshareRatePerMinute: 5 },
  ttlSeconds: 3600,
  expiresAt: '2026-01-05T09:01:00.000Z',
  rule: 'ladder/critical-throttle',
  reasons: [],
});

async function writeLog(path: string, entries = 6): Promise<void> {
  const log = createEvidenceLog(path);
  for (let i = 0; i < entries; i++) log.emit(i % 2 ? command(i) : alert(i));
  log.notice(
    {
      type: 'notice',
      noticeId: 'n1',
      platform: 'weibo',
      postId: 'p2',
      time: 0,
      reporter: 'victim',
      position: { kind: 'stdin', line: 1 },
    },
    'inc_1',
  );
  await log.close();
}

const lines = (p: string): string[] => readFileSync(p, 'utf8').trimEnd().split('\n');
const save = (p: string, ls: string[]): void => writeFileSync(p, ls.join('\n') + '\n');

describe('evidence log', () => {
  it('verifies an untouched log and counts its kinds', async () => {
    const p = fresh();
    await writeLog(p);
    const r = await verifyEvidenceLog(p);
    expect(r).toMatchObject({ ok: true, entries: 7, counts: { alert: 3, command: 3, notice: 1 }, error: null });
  });

  it('keeps ids, hashes and reason codes, never messages, snippets or post ids of targets', async () => {
    const p = fresh();
    await writeLog(p);
    const text = readFileSync(p, 'utf8');
    expect(text).not.toContain('138****5678');
    expect(text).toContain('fp_abc');
    expect(text).toContain('PII_DOSSIER');
    expect(JSON.parse(lines(p)[1]!).facts.targets[0]).toMatch(/^weibo:2:[0-9a-f]{64}$/);
  });

  it('makes the folder evidence.path names (a Kafka run has no file sink to make it)', async () => {
    const p = join(mkdtempSync(join(tmpdir(), 'dg-ev-dir-')), 'not', 'yet', 'evidence.ndjson');
    await writeLog(p);
    expect(await verifyEvidenceLog(p)).toMatchObject({ ok: true, entries: 7 });
  });

  it('ignores records that are not evidence (incident snapshots, dead letters)', async () => {
    const p = fresh();
    const log = createEvidenceLog(p);
    log.emit({ ...alert(1), schema: 'doxguard.incident/1' } as never);
    await log.close();
    expect(log.entries).toBe(0);
  });

  it.each([
    [
      'an edited entry',
      (ls: string[]): void => {
        ls[2] = ls[2]!.replace('"warning"', '"watch"');
      },
      3,
      'hash_mismatch',
    ],
    [
      'a dropped entry',
      (ls: string[]): void => {
        ls.splice(3, 1);
      },
      4,
      'broken_link',
    ],
    [
      'two swapped entries',
      (ls: string[]): void => {
        [ls[1], ls[2]] = [ls[2]!, ls[1]!];
      },
      2,
      'broken_link',
    ],
    [
      'a garbage line',
      (ls: string[]): void => {
        ls[4] = '{nope';
      },
      5,
      'unparseable',
    ],
  ] as const)('catches %s', async (_what, tamper, line, reason) => {
    const p = fresh();
    await writeLog(p);
    const ls = lines(p);
    tamper(ls);
    save(p, ls);
    const r = await verifyEvidenceLog(p);
    expect(r.ok).toBe(false);
    expect(r.error).toMatchObject({ line, reason });
  });

  it('catches an edited entry whose hash was recomputed, at the next link', async () => {
    const p = fresh();
    await writeLog(p);
    const ls = lines(p);
    const { createHash } = await import('node:crypto');
    const { canonicalJson } = await import('../../../src/evidence/index.js');
    const e = JSON.parse(ls[1]!);
    e.facts.action = 'popup_warning';
    delete e.hash;
    e.hash = createHash('sha256').update(canonicalJson(e)).digest('hex');
    ls[1] = canonicalJson(e);
    save(p, ls);
    expect((await verifyEvidenceLog(p)).error).toMatchObject({ line: 3, reason: 'broken_link' });
  });

  it('catches a cut-off tail against a head kept elsewhere', async () => {
    const p = fresh();
    await writeLog(p);
    const head = (await verifyEvidenceLog(p)).head;
    save(p, lines(p).slice(0, -2));
    expect((await verifyEvidenceLog(p)).ok).toBe(true);
    expect((await verifyEvidenceLog(p, head)).ok).toBe(false);
  });

  it('continues the chain when reopened, and refuses to extend a broken log', async () => {
    const p = fresh();
    await writeLog(p, 2);
    await writeLog(p, 2);
    expect(await verifyEvidenceLog(p)).toMatchObject({ ok: true, entries: 6 });
    const ls = lines(p);
    ls.splice(1, 1);
    save(p, ls);
    try {
      createEvidenceLog(p);
      expect.unreachable();
    } catch (e) {
      expect(isDoxguardError(e, 'DG_ERR_EVIDENCE_CHAIN')).toBe(true);
    }
  });
});

describe('evidence log: a write that fails', () => {
  // /dev/full takes an open and fails every write with ENOSPC (Linux; other systems have no such device)
  it.runIf(existsSync('/dev/full'))('fails the close with its error and still closes the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dg-evidence-full-'));
    const path = join(dir, 'evidence.ndjson');
    const openFds = (): number => readdirSync('/proc/self/fd').length;
    const log = createEvidenceLog(path, { staged: true });
    // the stage the log opens at its first flush is made a full disk
    symlinkSync('/dev/full', `${path}.partial`);
    log.emit(alert(1));
    const before = openFds();
    await expect(log.close('interrupted')).rejects.toMatchObject({ code: 'DG_ERR_SINK_WRITE' });
    expect(openFds()).toBe(before);
  });
});
