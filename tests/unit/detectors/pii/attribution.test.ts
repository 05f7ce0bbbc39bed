import { describe, expect, it } from 'vitest';
import { event, scanner, values } from './helpers.js';

/**
 * A disclosure counts only when it is about a person being exposed. Every text here is SYNTHETIC, written to
 * look like the real posts that taught us (../shared/data/text, tune split): no real row is copied.
 */
const about = (text: string, recognizer: string, mentions = 0): string[] =>
  scanner
    .analyze(text, event(text, { mentions: Array.from({ length: mentions }, (_, i) => ({ accountId: `acc${i}` })) }))
    .filter((d) => d.recognizer === recognizer)
    .map((d) => d.about);

describe('attribution: whom a finding is about', () => {
  it('a person the post points at: target', () => {
    expect(about('扒一下这个女的，王某某，在某某科技有限公司上班，手机号13912345678。大家人肉一下', 'phone')).toEqual([
      'target',
    ]);
    expect(about('她的联系方式：13912345678', 'phone')).toEqual(['target']);
    expect(about('13912345678 打爆她电话', 'phone')).toEqual(['target']);
    expect(about('This is the guy. His number is (212) 555-0143', 'phone')).toEqual(['target']);
    expect(about('电话13912345678', 'phone', 1)).toEqual(['target']); // an account the post mentions
  });

  it("the poster's own or an organisation's contact, given to be used: self", () => {
    expect(about('孩子走失，穿红色上衣，如有线索请联系13912345678，求扩散', 'phone')).toEqual(['self']);
    expect(about('她穿红色上衣走失了，如有线索请联系13912345678', 'phone')).toEqual(['self']);
    expect(about('宽带办理咨询热线电话：13912345678', 'phone')).toEqual(['self']);
    expect(about('招聘店员，底薪面议，有意者联系13912345678', 'phone')).toEqual(['self']);
    expect(about("Joe's Diner is now open! Call (512) 555-0199 to book.", 'phone')).toEqual(['self']);
  });

  it('nobody named: unattributed (counts only once the incident has a target)', () => {
    expect(about('今天下单了，电话13912345678', 'phone')).toEqual(['unattributed']);
  });

  it('a phrase about somebody needs its person in the same sentence', () => {
    expect(about('补充一下：王某某，在某某科技有限公司上班。', 'workplace')).toEqual(['unattributed']);
    expect(about('就是这个人，在某某科技有限公司上班。', 'workplace')).toEqual(['target']);
    expect(about('他说了很多。我们在某某科技有限公司上班。', 'workplace')).toEqual(['unattributed']);
  });
});

describe('numbers that are nobody: links, handles, dates, laughter', () => {
  it('digits inside a link or an @handle are not disclosed there', () => {
    expect(
      values('Lady steals from kid https://twitter.com/somenews/status/670571742356574208 …', 'bank_card'),
    ).toEqual([]);
    expect(values('wow Bichhttps://twitter.com/x/status/668025312442208256 …', 'bank_card')).toEqual([]);
    expect(values('说得对//@手机用户2150570581铺路石:转发微博', 'phone')).toEqual([]);
    expect(values('pic.twitter.com/vxdHFnFGEB', 'social_handle')).toEqual([]);
    expect(values('I seek guidance from above', 'social_handle')).toEqual([]);
  });
  it('dates, year ranges and lottery picks are not phones', () => {
    for (const text of [
      '(记录20200303)农历二月十日',
      '原文发布于05:28 2020-07-30',
      '协议要求在2020-2021年进口',
      '转发微博20200402-07:17:11',
      '守号14 26 27 28 35+01',
    ])
      expect(values(text, 'phone'), text).toEqual([]);
    expect(values('手机号13912345678', 'phone')).toEqual(['13912345678']);
  });
  it('laughter strings that pass Luhn are not cards', () => {
    expect(values('哈哈哈23333333333333', 'bank_card')).toEqual([]);
  });
  it('a bare @mention is how people talk; a handle exposing another account is a disclosure', () => {
    expect(values('回复@某某用户:说得对', 'social_handle')).toEqual([]);
    expect(values('@someuser lol same', 'social_handle')).toEqual([]);
    expect(values('她的小号是@xiaohao_123', 'social_handle')).toEqual(['@xiaohao_123']);
    expect(values('and this is his alt @burner_acct', 'social_handle')).toEqual(['@burner_acct']);
  });
});
