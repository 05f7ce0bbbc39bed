import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { scanCommand } from '../../../src/cli/commands/scan.js';
import { ConfigSchema } from '../../../src/config/index.js';
import { isDoxguardError } from '../../../src/errors/index.js';
import { createPostScanner, scanLine, type ScanLineResult, type ScanResult } from '../../../src/scan/index.js';

// Synthetic posts only: made-up names, numbers and organisations.
const secret = 'scan-test-secret-0123456789';
const config = ConfigSchema.parse({ fingerprintSecret: secret });
const scan = createPostScanner(config, secret);
const line = (text: string, n = 1): ScanLineResult => scanLine(Buffer.from(text), n, scan);
const post = (o: object, n = 1): ScanResult => {
  const r = line(JSON.stringify(o), n);
  if ('error' in r) throw new Error(`unexpected error line: ${r.error.reason}`);
  return r;
};
const PHONE = '13812345678';

describe('doxguard scan: one post', () => {
  it('lists what a doxxing post discloses, redacted and fingerprinted, with its calls to act', () => {
    const r = post({ text: `大家人肉一下这个女的，手机号${PHONE}，在星辰网络科技有限公司上班`, lang: 'zh-CN' });
    const cats = r.categories.map((c) => c.category);
    expect(cats).toContain('phone');
    expect(cats).toContain('workplace');
    for (const c of r.categories) {
      expect(c.fingerprint).toMatch(/^[0-9a-f]{64}$/);
      expect(c.snippet).toContain('*');
    }
    const mob = r.signals.find((s) => s.dimension === 'mobilisation');
    expect(mob).toMatchObject({ detector: 'language/mobilisation', code: 'zh_renrou', score: 1 });
    const sens = r.signals.find((s) => s.code === 'PII_DISCLOSED');
    expect(sens).toMatchObject({ detector: 'pii/dossier', dimension: 'sensitivity' });
    expect(sens!.score).toBeGreaterThan(0);
    expect(JSON.stringify(r)).not.toContain(PHONE);
    expect(JSON.stringify(r)).not.toContain('星辰网络');
  });

  it('reports a negated call and a call inside a news report at score 0, with the reason', () => {
    const negated = post({ text: '大家千万不要人肉她，这是违法的' });
    const n = negated.signals.find((s) => s.code === 'zh_renrou');
    expect(n).toMatchObject({ score: 0 });
    expect(n!.reason).toMatch(/negated/);
    const news = post({
      text: '【新闻】警方提醒：有人在网上号召“大家人肉她”，人肉搜索涉嫌违法。另有网友说大家人肉一下',
    });
    const reported = news.signals.filter((s) => s.dimension === 'mobilisation');
    expect(reported.length).toBeGreaterThan(0);
    for (const s of reported) {
      expect(s.score).toBe(0);
      expect(s.reason).toMatch(/news report/);
    }
  });

  it('scores malice and public interest on their own dimensions', () => {
    const r = post({
      text: 'Mayor Dana Whitfield voted to cut the school budget while taking contractor donations. Disgusting.',
      mentions: [{ accountId: 'acct-mayor', publicFigure: true }],
    });
    const dims = new Set(r.signals.map((s) => s.dimension));
    expect(dims.has('publicInterest')).toBe(true);
    expect(dims.has('malice')).toBe(true);
    for (const s of r.signals)
      expect(['mobilisation', 'malice', 'publicInterest', 'sensitivity']).toContain(s.dimension);
  });

  it('attributes disclosures to the account the post points at, hashed, and to nobody when nothing is disclosed', () => {
    const text = 'this is her number (415) 736-2841, she works at Brightwave Logistics';
    const a = post({ text, mentions: [{ accountId: 'acct-private-42' }] });
    expect(a.categories.length).toBeGreaterThan(0);
    expect(a.target?.via).toBe('mention');
    expect(a.target?.id).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(a)).not.toContain('acct-private-42');
    // the same post and secret give the same target; another account another one
    expect(post({ text, mentions: [{ accountId: 'acct-private-42' }] }).target).toEqual(a.target);
    expect(post({ text, mentions: [{ accountId: 'acct-private-43' }] }).target?.id).not.toBe(a.target?.id);
    expect(post({ text: 'what a lovely sunny afternoon' }).target).toBeNull();
  });

  it("says whom each disclosure is about: a pointed-at person, the poster's own contact, or nobody named", () => {
    const appeal = post({ text: `我儿子走失了，有线索请联系我 ${PHONE}，求扩散` });
    expect(appeal.categories.map((c) => c.about)).toEqual(['self']);
    expect(appeal.target).toEqual({ via: 'self', id: null });
    const spread = appeal.signals.find((s) => s.code === 'zh_spread');
    expect(spread?.reason).toMatch(/amplification/);

    const bare = post({ text: `今天随便写个号码 ${PHONE} 看看` });
    expect(bare.categories.map((c) => c.about)).toEqual(['unattributed']);
    expect(bare.target).toEqual({ via: 'nobody', id: null });

    const exposed = post({ text: `扒一下这个女的，她的手机号${PHONE}` });
    expect(exposed.categories.find((c) => c.category === 'phone')?.about).toBe('target');
    expect(exposed.target).toEqual({ via: 'subject', id: null });
    expect(exposed.signals.find((s) => s.code === 'zh_dig')?.reason).toMatch(/call to find, expose/);
  });

  it('is deterministic for the same config and secret', () => {
    const o = { text: `扒一下这个人，手机号${PHONE}，贱人`, lang: 'zh-CN' };
    expect(JSON.stringify(post(o))).toBe(JSON.stringify(post(o)));
  });
});

describe('doxguard scan: lines that are not posts', () => {
  it('gives each bad line its dead-letter reason and line number, without quoting it', () => {
    expect(line('not json at 13812345678', 3)).toEqual({
      line: 3,
      error: { reason: 'DG_DLQ_NOT_JSON', message: 'line is not JSON' },
    });
    expect(line('', 4)).toMatchObject({ line: 4, error: { reason: 'DG_DLQ_EMPTY' } });
    expect(line('[1,2]', 5)).toMatchObject({ error: { reason: 'DG_DLQ_NOT_OBJECT' } });
    expect(line('{"text":5}', 6)).toMatchObject({ error: { reason: 'DG_DLQ_SCHEMA' } });
    expect(line('{"lang":"en"}', 7)).toMatchObject({ error: { reason: 'DG_DLQ_SCHEMA' } });
    const invalid = scanLine(Uint8Array.from([0x7b, 0xff, 0xfe, 0x7d]), 8, scan);
    expect(invalid).toMatchObject({ line: 8, error: { reason: 'DG_DLQ_INVALID_UTF8' } });
    expect(JSON.stringify(line('not json at 13812345678'))).not.toContain('1381234');
  });
});

describe('doxguard scan: the command', () => {
  const run = async (input: string): Promise<{ code: number; out: ScanLineResult[]; err: string }> => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (c: Buffer) => (out += c.toString()));
    stderr.on('data', (c: Buffer) => (err += c.toString()));
    stdin.end(input);
    const code = await scanCommand('-', { stdin, stdout, stderr, env: { DOXGUARD_SECRET: secret } });
    return {
      code,
      out: out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as ScanLineResult),
      err,
    };
  };

  it('prints one line per input line and exits 0 when every line is a post', async () => {
    const r = await run(
      [JSON.stringify({ text: `手机号${PHONE}` }), JSON.stringify({ text: 'hello there', lang: 'en' })].join('\n') +
        '\n',
    );
    expect(r.code).toBe(0);
    expect(r.out.map((x) => x.line)).toEqual([1, 2]);
    expect(r.out[0]).toHaveProperty('categories');
  });

  it('keeps going past malformed lines, names them on stderr and exits 2', async () => {
    const r = await run(['{"text":"ok"}', '{oops', '', JSON.stringify({ text: '人肉他' })].join('\n') + '\n');
    expect(r.code).toBe(2);
    expect(r.out.map((x) => x.line)).toEqual([1, 2, 3, 4]);
    expect(r.out[1]).toMatchObject({ error: { reason: 'DG_DLQ_NOT_JSON' } });
    expect(r.err).toMatch(/line 2: DG_DLQ_NOT_JSON/);
    expect(r.err).toMatch(/2 lines could not be scanned/);
  });

  it('refuses a file that does not exist as unreadable input (exit 2 in the CLI)', async () => {
    const e = await scanCommand('/nonexistent/posts.ndjson', { env: {} }).catch((x: unknown) => x);
    expect(isDoxguardError(e) && e.code).toBe('DG_ERR_INPUT_UNREADABLE');
  });
});
