import { describe, expect, it } from 'vitest';
import { found, values } from './helpers.js';

describe('phone', () => {
  it('finds mainland mobiles and landlines, +86 and other countries', () => {
    expect(values('手机13812345678', 'phone')).toEqual(['13812345678']);
    expect(values('电话 010-6552-9988', 'phone')).toEqual(['010-6552-9988']);
    expect(values('call +86 138 1234 5678 now', 'phone')).toEqual(['+86 138 1234 5678']);
    expect(values('call (212) 555-0147', 'phone')).toEqual(['(212) 555-0147']);
    expect(values('phone +44 20 7946 0958', 'phone')).toEqual(['+44 20 7946 0958']);
  });
  it('sees through evasions: spaces, dashes, dots, full-width digits, Chinese numerals, zero-width, look-alikes', () => {
    expect(values('加我 1 3 8-1234-5678', 'phone')).toEqual(['1 3 8-1234-5678']);
    expect(values('138.1234.5678', 'phone')).toEqual(['138.1234.5678']);
    expect(values('电话１３８１２３４５６７８', 'phone')).toEqual(['１３８１２３４５６７８']);
    expect(values('手机一三八一二三四五六七八', 'phone')).toEqual(['一三八一二三四五六七八']);
    expect(values('手机幺三八 幺二三四 五六七八', 'phone')).toEqual(['幺三八 幺二三四 五六七八']);
    expect(values('手机138\u200b1234\u200b5678', 'phone')).toEqual(['138\u200b1234\u200b5678']);
    expect(values('手机138O0l23456', 'phone')).toEqual(['138O0l23456']);
  });
  it('a masked number is redacted, not disclosed', () => {
    expect(found('手机 138****5678')).toEqual([]);
    expect(found('手机 138xxxx5678 ,电话 138＊＊＊＊5678')).toEqual([]);
  });
  it('near misses: numbers that cannot exist, amounts, dates, short numbers', () => {
    expect(values('号码 10012345678', 'phone')).toEqual([]);
    expect(values('收入为492876.42元', 'phone')).toEqual([]);
    expect(values('on 2024-01-15 we met', 'phone')).toEqual([]);
    expect(values('room 12345', 'phone')).toEqual([]);
  });
  it('fingerprints one number the same way however it is written', async () => {
    const { scanner, event } = await import('./helpers.js');
    const a = scanner.scan('手机13812345678', event(''));
    const b = scanner.scan('手机 +86 138-1234-5678', event(''));
    const c = scanner.scan('手机一三八一二三四五六七八', event(''));
    expect(a[0]!.fingerprint).toBe(b[0]!.fingerprint);
    expect(a[0]!.fingerprint).toBe(c[0]!.fingerprint);
    expect(a[0]!.snippet).toBe('138****5678');
  });
  it('an extension belongs to the span, not to the fingerprinted number', async () => {
    expect(values('call 345-899-3560x4587 now', 'phone')).toEqual(['345-899-3560x4587']);
    expect(values('tel 555-0147 ext. 12', 'phone')).toEqual(['555-0147 ext. 12']);
    expect(values('phone (898)666-3621x0135', 'phone')).toEqual(['(898)666-3621x0135']);
    const { scanner, event } = await import('./helpers.js');
    const a = scanner.scan('call (212) 555-0147 x12', event(''));
    const b = scanner.scan('call (212) 555-0147', event(''));
    expect(a[0]!.fingerprint).toBe(b[0]!.fingerprint);
  });
  it('near misses: postcode-shaped digit groups need a phone context word', () => {
    expect(values('Quinta de São Tiago 3610-114', 'phone')).toEqual([]);
    expect(values('CEP 75534-030', 'phone')).toEqual([]);
    expect(values('phone: 3610-114', 'phone')).toEqual(['3610-114']);
  });
});
