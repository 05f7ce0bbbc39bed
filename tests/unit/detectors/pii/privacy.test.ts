import { describe, expect, it } from 'vitest';
import { dossier } from '../../../../detectors/pii/index.js';
import type { EnrichedEvent } from '../../../../src/contract/index.js';
import { event, scanner } from './helpers.js';

// Known raw values, planted in posts; none of them may appear in anything a finding or the dossier emits.
const RAW = {
  id: '11010519491231002X',
  phone: '13812345678',
  phoneSpaced: '138 1234 5678',
  email: 'zhangsan.secret@163.com',
  address: '杭州市西湖区文三路456号金座公寓877室',
  card: '4454794511390933',
  plate: '京A12345',
  name: '王秀英',
  workplace: '阿里巴巴公司',
  ip: '48.90.248.226',
  qq: '987654321',
  ssn: '536-90-4399',
};

const POSTS = [
  `开盒：真名叫${RAW.name}，身份证${RAW.id}，手机${RAW.phone}，住${RAW.address}，车牌${RAW.plate}，她老公在${RAW.workplace}上班，QQ号${RAW.qq}，聊天记录都在这`,
  `call ${RAW.phoneSpaced} or mail ${RAW.email}, card ${RAW.card}, ip ${RAW.ip}, SSN ${RAW.ssn}`,
];

function variants(v: string): string[] {
  const compact = v.replace(/[\s-]/g, '');
  return [...new Set([v, compact, compact.toLowerCase()])];
}

describe('privacy: no raw value leaves the PII engine', () => {
  it('findings (every field, serialised) and dossier signals and saved state hold none of the planted values', () => {
    let state = dossier.init(dossier.options.parse({}));
    const serialised: string[] = [];
    POSTS.forEach((text, i) => {
      const ev = event(text, { eventId: `e${i}`, mediaHashes: [] });
      const findings = scanner.scan(text, ev);
      expect(findings.length).toBeGreaterThan(4);
      serialised.push(JSON.stringify(findings));
      const enriched: EnrichedEvent = { ...ev, nodeKey: `weibo:p${i}`, linkedNodeKeys: [], findings };
      const ctx = {} as Parameters<typeof dossier.step>[2];
      const r = dossier.step(state, enriched, ctx, dossier.options.parse({}));
      state = r.state;
      serialised.push(JSON.stringify(r.signals));
    });
    serialised.push(JSON.stringify(dossier.save(state)));
    const all = serialised.join('\n');
    for (const [key, value] of Object.entries(RAW)) {
      for (const v of variants(value)) expect(all.includes(v), `${key} leaked`).toBe(false);
    }
    // and the categories really were found (a scanner that finds nothing would pass the grep)
    expect(all).toContain('national_id');
    expect(all).toContain('home_address');
    expect(all).toContain('138****5678');
  });

  it('fingerprints depend on the secret: without it a guessed value cannot be checked', async () => {
    const { createPiiScanner } = await import('../../../../detectors/pii/index.js');
    const other = createPiiScanner({}, 'another-secret-9876543210');
    const text = `手机${RAW.phone}`;
    const a = scanner.scan(text, event(text))[0]!;
    const b = other.scan(text, event(text))[0]!;
    expect(a.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(a.fingerprint).not.toBe(b.fingerprint);
  });

  it('an empty secret is refused', async () => {
    const { createPiiScanner } = await import('../../../../detectors/pii/index.js');
    expect(() => createPiiScanner({}, '')).toThrow(/secret/);
  });
});

describe('fingerprint', () => {
  it('the precomputed HMAC equals node:crypto createHmac for short and long secrets', async () => {
    const { fingerprint, fingerprinter } = await import('../../../../detectors/pii/fingerprint.js');
    for (const secret of ['short-secret-16chars', 'k'.repeat(100)]) {
      const fp = fingerprinter(secret);
      for (const v of ['13812345678', '张伟', '']) expect(fp('phone', v)).toBe(fingerprint(secret, 'phone', v));
    }
  });
});
