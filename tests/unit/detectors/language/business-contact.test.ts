import { describe, expect, it } from 'vitest';
import { businessContact, businessContext } from '../../../../detectors/language/business-contact.js';
import { createPiiScanner } from '../../../../detectors/pii/index.js';
import type { EnrichedEvent } from '../../../../src/contract/index.js';
import { conformance, ctxOf, ev, run } from '../cascade/fixtures.js';

const scanner = createPiiScanner({}, 'business-contact-test-secret-0123456789');

/** An event with the findings the real PII scanner reports for its text. */
function post(text: string, over: Partial<EnrichedEvent> = {}): EnrichedEvent {
  const e = ev({ text, ...over });
  return { ...e, findings: scanner.scan(text, e) };
}
const root = (text: string, over: Partial<EnrichedEvent> = {}): EnrichedEvent =>
  post(text, { kind: 'post', parentId: null, ...over });
const reply = (text: string, over: Partial<EnrichedEvent> = {}): EnrichedEvent =>
  post(text, { kind: 'reply', parentId: 'root', ...over });

const signalOf = (events: EnrichedEvent[]) => run(businessContact, events).signals;

describe('business context cues', () => {
  it.each([
    '本店营业时间10:00-22:00，门店地址：上海市浦东新区张江路100号，欢迎来电',
    '联系我们：官方客服电话400-800-1234',
    '诊所周一至周五营业，预约电话021-55551234，欢迎预约',
    'Visit our store at 123 Main St. Opening hours 9-5.',
    'Call us to book now, customer service is open daily.',
  ])('finds a business notice in %s', (text) => expect(businessContext(text).strength).toBeGreaterThanOrEqual(0.8));

  it.each([
    ['a plain disclosure', '他的电话13812345678，住在朝阳区建国路88号'],
    ['promotion alone is weak', '全场八折'],
    ['quoted ad', '有人发了“本店欢迎来电”这种广告'],
    ['news framing', '据报道，某店主在门店地址附近被人围堵，警方提醒不要人肉'],
  ])('no business notice: %s', (_why, text) => expect(businessContext(text).strength).toBeLessThan(0.8));

  it.each([
    '这是他开的店，地址：北京市朝阳区建国路88号，去他店里闹',
    '她的店就在这，大家去刷差评',
    'Her shop is at 12 Oak St, call us if you see her',
    'He owns the bakery on Main St, go harass him',
  ])('names someone else’s business: %s', (text) => expect(businessContext(text).thirdParty).toBe(true));
});

describe('language/business-contact', () => {
  const zhShop =
    '【好运来火锅店】新店开业，全场八折！本店地址：北京市朝阳区建国路88号，联系电话：13812345678，欢迎光临～';
  const enShop = 'Lucky Bakery is now open! Find us at 123 Main St, Springfield. Call us at (415) 555-0100 to book.';

  it.each([
    ['zh shop', zhShop],
    ['en shop', enShop],
    ['zh clinic', '本诊所营业时间9:00-18:00，预约电话13912345678，欢迎预约'],
    ['company email', '联系我们：service@acme-example.com，官方客服电话13700001111'],
  ])('signals a root post with its own contact details: %s', (_why, text) => {
    const s = signalOf([root(text), reply('收藏了'), reply('去过，好吃')]);
    expect(s).toHaveLength(1);
    expect(s[0]!.code).toBe('LANG_BUSINESS_CONTACT');
    expect(s[0]!.dimension).toBe('sensitivity');
    expect(s[0]!.score).toBeGreaterThanOrEqual(0.8);
    expect(s[0]!.message).toMatch(/phone/);
    expect(s[0]!.message).not.toMatch(/13812345678|555-0100/);
  });

  it('keeps the signal when reposts repeat the shop’s own number, whatever the order', () => {
    const r = root(zhShop);
    const again = post(zhShop, { kind: 'quote', parentId: r.postId });
    expect(signalOf([r, again])).toHaveLength(1);
    expect(signalOf([again, r])).toHaveLength(1);
  });

  it.each([
    ['the shop cues are in a reply, not the root', [root('看看这个'), reply(zhShop)]],
    [
      'someone else’s shop, with a call to make trouble',
      [root('这是他开的店，地址：北京市朝阳区建国路88号，电话13812345678，去他店里闹')],
    ],
    ['a shop post hijacked by a reply naming the owner', [root(zhShop), reply('这是她开的店，大家去刷差评')]],
    ['another phone posted in a reply', [root(zhShop), reply('老板手机13998765432，住址朝阳区建国路99号')]],
    ['an ID number in the incident', [root(zhShop), reply('老板身份证110101199003077774')]],
    [
      'english: her shop',
      [root('Her shop is at 123 Main St, Springfield. Call (415) 555-0100 and tell her. Now open lol')],
    ],
    ['no contact details at all', [root('本店营业时间10:00-22:00，欢迎光临')]],
  ])('near miss, no signal: %s', (_why, events) => expect(signalOf(events)).toEqual([]));

  it('merges two halves: a private category in one half removes the signal', () => {
    const o = businessContact.options.parse({});
    const a = run(businessContact, [root(zhShop)]).state;
    const b = run(businessContact, [reply('老板身份证110101199003077774')]).state;
    const merged = businessContact.merge(a, b, o);
    expect(businessContact.step(merged, reply('好'), ctxOf(), o).signals).toEqual([]);
  });

  it('withholds the signal once its fingerprint sets overflow (bounded state, fail safe)', () => {
    const events = [root(zhShop)];
    for (let i = 0; i < 5; i++) events.push(post(`${zhShop.replace('13812345678', `1381234560${i}`)}`));
    expect(run(businessContact, events, undefined, { maxFingerprints: 2 }).signals).toEqual([]);
    expect(run(businessContact, [root(zhShop)], undefined, { maxFingerprints: 2 }).signals).toHaveLength(1);
  });

  it('passes the conformance checks', () => {
    conformance(businessContact, [root(zhShop), reply('收藏了'), post(zhShop), reply('这是他开的店')]);
  });
});
