import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gb11643CheckChar, gb11643Valid } from '../../../../src/util/gb11643.js';
import { confidenceOf, values } from './helpers.js';

const VALID = '11010519491231002X';

describe('cn_resident_id', () => {
  it('finds a checksum-valid 18-character id with high confidence, even without context', () => {
    expect(values(`他的号码${VALID}呢`, 'cn_resident_id')).toEqual([VALID]);
    expect(confidenceOf(`x ${VALID} y`, 'cn_resident_id')).toBeGreaterThanOrEqual(0.9);
  });
  it('accepts the check character in lower case and grouped 6-8-4', () => {
    expect(values('身份证 11010519491231002x', 'cn_resident_id')).toHaveLength(1);
    expect(values('身份证 110105 19491231 002X', 'cn_resident_id')).toEqual(['110105 19491231 002X']);
  });
  it('a checksum failure alone is not reported, next to 身份证 it is medium confidence', () => {
    const bad = '110105194912310021';
    expect(values(`编号 ${bad}`, 'cn_resident_id')).toEqual([]);
    const c = confidenceOf(`身份证号码为${bad}`, 'cn_resident_id');
    expect(c).not.toBeNull();
    expect(c!).toBeGreaterThanOrEqual(0.5);
    expect(c!).toBeLessThan(0.9);
  });
  it('rejects impossible dates and unknown provinces', () => {
    expect(values('身份证 110105194902301234', 'cn_resident_id')).toEqual([]); // 30 February, and bad check
    const noProvince = '990105194912310021';
    expect(values(noProvince, 'cn_resident_id')).toEqual([]);
  });
  it('finds the 15-digit legacy form next to context', () => {
    expect(values('身份证号 110105491231002', 'cn_resident_id')).toEqual(['110105491231002']);
  });
  it('does not take a masked id', () => {
    expect(values('身份证 110105********002X', 'cn_resident_id')).toEqual([]);
  });
  it('negative context (order numbers) lowers a weak match below the threshold', () => {
    expect(values('订单号 110105194912310021 身份证', 'cn_resident_id')).toEqual([]);
  });

  const province = fc.constantFrom('11', '31', '44', '51', '65', '81');
  const rest4 = fc.stringMatching(/^\d{4}$/);
  const date = fc.date({
    min: new Date('1920-01-01T00:00:00Z'),
    max: new Date('2019-12-31T00:00:00Z'),
    noInvalidDate: true,
  });
  const seq = fc.stringMatching(/^\d{3}$/);
  const validId = fc.tuple(province, rest4, date, seq).map(([p, r, d, s]) => {
    const first17 = `${p}${r}${d.toISOString().slice(0, 10).replace(/-/g, '')}${s}`;
    return first17 + gb11643CheckChar(first17)!;
  });

  it('property: every valid generated id is found with high confidence', () => {
    fc.assert(
      fc.property(validId, fc.constantFrom('', '身份证：', 'ID card number ', '转发 '), (id, prefix) => {
        const text = `${prefix}${id}。`;
        expect(values(text, 'cn_resident_id')).toEqual([id]);
        expect(confidenceOf(text, 'cn_resident_id')!).toBeGreaterThanOrEqual(0.9);
      }),
    );
  });

  it('property: changing one digit breaks the checksum and drops the confidence', () => {
    fc.assert(
      fc.property(validId, fc.nat(16), fc.integer({ min: 1, max: 9 }), (id, pos, delta) => {
        const digit = (Number(id[pos]) + delta) % 10;
        const changed = id.slice(0, pos) + digit + id.slice(pos + 1);
        expect(gb11643Valid(changed)).toBe(false);
        const c = confidenceOf(`号码 ${changed} 。`, 'cn_resident_id');
        expect(c === null || c < 0.9).toBe(true);
      }),
    );
  });
});

describe('hk_mo_tw_id', () => {
  it('finds a valid HKID with check digit in parentheses and rejects a wrong check digit', () => {
    expect(values('HKID A123456(3)', 'hk_mo_tw_id')).toEqual(['A123456(3)']);
    expect(values('代码 A123456(4)', 'hk_mo_tw_id')).toEqual([]);
  });
  it('finds a valid Taiwan id and a Macau id only with context', () => {
    expect(values('台灣身分證 A123456789', 'hk_mo_tw_id')).toEqual(['A123456789']);
    expect(values('号码 1234567(8)', 'hk_mo_tw_id')).toEqual([]);
    expect(values('澳门身份证 1234567(8)', 'hk_mo_tw_id')).toEqual(['1234567(8)']);
  });
});

describe('us_ssn', () => {
  it('finds a dashed SSN and rejects impossible areas', () => {
    expect(values('SSN 536-90-4399', 'us_ssn')).toEqual(['536-90-4399']);
    expect(values('ssn 000-12-3456', 'us_ssn')).toEqual([]);
    expect(values('ssn 666-12-3456', 'us_ssn')).toEqual([]);
  });
  it('bare nine digits need context', () => {
    expect(values('ref 536904399', 'us_ssn')).toEqual([]);
    expect(values('social security 536904399', 'us_ssn')).toEqual(['536904399']);
  });
});

describe('passport and org code', () => {
  it('finds a Chinese passport next to 护照 but not alone', () => {
    expect(values('护照号 E12345678', 'passport')).toEqual(['E12345678']);
    expect(values('型号 E12345678', 'passport')).toEqual([]);
  });
  it('finds a valid unified social credit code and rejects a wrong check character', () => {
    expect(values('统一社会信用代码 91110000600037341L', 'cn_uscc')).toEqual(['91110000600037341L']);
    expect(values('代码 91110000600037341M', 'cn_uscc')).toEqual([]);
  });
});
