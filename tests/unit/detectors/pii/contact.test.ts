import { describe, expect, it } from 'vitest';
import { found, values } from './helpers.js';

describe('email', () => {
  it('finds plain and evasive addresses', () => {
    expect(values('邮箱 baiyaning@163.com。', 'email')).toEqual(['baiyaning@163.com']);
    expect(values('mail me: zhang.san(at)qq(dot)com', 'email')).toEqual(['zhang.san(at)qq(dot)com']);
    expect(values('邮箱 zhangsan＠163.com', 'email')).toEqual(['zhangsan＠163.com']);
  });
  it('near misses: a handle, a missing domain', () => {
    expect(values('follow @zhangsan', 'email')).toEqual([]);
    expect(values('user@localhost', 'email')).toEqual([]);
  });
});

describe('ip_address', () => {
  it('finds IPv4 and IPv6, rejects out-of-range octets and versions', () => {
    expect(values('login from 48.90.248.226', 'ip_address')).toEqual(['48.90.248.226']);
    expect(values('ip 6e40:4041:c617:e898:c11:40d2:c669:2eb4', 'ip_address')).toEqual([
      '6e40:4041:c617:e898:c11:40d2:c669:2eb4',
    ]);
    expect(values('ip 300.1.2.3', 'ip_address')).toEqual([]);
    expect(values('version 10.2.3.4 released', 'ip_address')).toEqual([]);
  });
});

describe('bank_card', () => {
  it('Luhn-valid cards are found without context; UnionPay failing Luhn needs context', () => {
    expect(values('card 4454 7945 1139 0933', 'bank_card')).toEqual(['4454 7945 1139 0933']);
    expect(values('号 6222021234567890123', 'bank_card')).toEqual([]);
    expect(values('银行卡号 6222021234567890123', 'bank_card')).toEqual(['6222021234567890123']);
  });
  it("JCB's 15-digit 1800 range; near misses: other lengths from 1800 (toll-free numbers)", () => {
    expect(values('paid with 180016070420458', 'bank_card')).toEqual(['180016070420458']);
    expect(values('my card 1800 1234 5678', 'bank_card')).toEqual([]);
    expect(values('call 18001234567', 'bank_card')).toEqual([]);
  });
  it('an 18-digit id number is not a card', () => {
    expect(found('身份证 11010519491231002X').map(([r]) => r)).toEqual(['cn_resident_id']);
  });
});

describe('licence_plate', () => {
  it('finds ordinary and new-energy plates, with separators', () => {
    expect(values('车牌京A12345', 'licence_plate')).toEqual(['京A12345']);
    expect(values('他开的车 粤B·D12345', 'licence_plate')).toEqual(['粤B·D12345']);
    expect(values('车牌 沪A12345D', 'licence_plate')).toEqual(['沪A12345D']);
  });
  it('near misses: letters I/O, no digits', () => {
    expect(values('京I12345', 'licence_plate')).toEqual([]);
    expect(values('京ABCDEF', 'licence_plate')).toEqual([]);
  });
});

describe('social_handle', () => {
  it('finds QQ and WeChat ids named as such; a bare @mention needs context', () => {
    expect(values('QQ号：123456789', 'social_handle')).toEqual(['QQ号：123456789']);
    expect(values('加微信 zhang_san88', 'social_handle')).toEqual(['微信 zhang_san88']);
    expect(values('thanks @bob_w', 'social_handle')).toEqual([]);
    expect(values('她的小号 @bob_w', 'social_handle')).toEqual(['@bob_w']);
  });
});
