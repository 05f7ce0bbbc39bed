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
    expect(about('扒一下这个女的，王晓燕，在某某科技有限公司上班，手机号13912345678。大家人肉一下', 'phone')).toEqual([
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

  it("an appeal's number is the poster's own, even when the missing person is named or a pronoun follows", () => {
    // a sighting ("if you see him", 看到他) is whom the number is for, not whose it is
    expect(
      about(
        'MISSING: my son Kevin, 12, last seen near the mall. Please call me at (212) 555-0143 if you see him.',
        'phone',
      ),
    ).toEqual(['self']);
    expect(about('Please call (212) 555-0143 if you see him', 'phone')).toEqual(['self']);
    expect(about('我爸爸今天早上出门没回家。看到他请打我电话13912345678，求扩散', 'phone')).toEqual(['self']);
    expect(about('【寻人启事】我家孩子王小明，在东城市第一中学上学，昨天走失，电话13912345678', 'school')).toEqual([
      'self',
    ]);
    expect(about('【寻人启事】我家孩子王小明，昨天走失，他穿蓝色外套，13912345678', 'phone')).toEqual(['self']);
    expect(about('Lost dog near the park, he is scared. 212-555-0143', 'phone')).toEqual(['self']);
    // whose it is, when the post says so; an exposure frame is no appeal; a call at the number stays aimed
    expect(about('寻人：他的电话13912345678', 'phone')).toEqual(['target']);
    expect(about('寻人！人肉这个女的，电话13912345678', 'phone')).toEqual(['target']);
    expect(about('13912345678 打爆她电话', 'phone')).toEqual(['target']);
    expect(about('This is the guy. Call (212) 555-0143 and tell him what you think', 'phone')).toEqual(['target']);
  });

  it('nobody named: unattributed (counts only once the incident has a target)', () => {
    expect(about('今天下单了，电话13912345678', 'phone')).toEqual(['unattributed']);
  });

  it('a person a notice leaves unnamed on purpose (李某, 病例3, 确诊病例): anonymised, counts nowhere', () => {
    const notice =
      '【通报】新增确诊病例1例。病例3：李某，男，45岁，家住东城市西湖区幸福路18号3单元502室，在东城市某某物流有限公司上班，其住址小区已封闭。';
    expect(about(notice, 'address_zh')).toEqual(['anonymised']);
    expect(about(notice, 'workplace')).toEqual(['anonymised']);
    expect(about('我们小区有确诊病例，就在幸福路18号3单元', 'address_zh')).toEqual(['anonymised']);
    // the organisation's own contact in a notice stays its own
    expect(about('病例3活动轨迹公布，如有线索请联系13912345678', 'phone')).toEqual(['self']);
    // a named person is no case notice: 王晓燕 is somebody, 某某科技 is no anonymised person
    expect(about('扒一下她，王晓燕，家住东城市西湖区幸福路18号3单元502室', 'address_zh')).toEqual(['target']);
  });

  it('words that only look like pointers: 排查到 is no exposure, 其他 is no 他', () => {
    expect(about('对排查到的人员已隔离，家住东城市西湖区幸福路18号3单元502室', 'address_zh')).toEqual(['unattributed']);
    expect(about('致敬在东城市某某物流有限公司工作过的所有人和其他工作人员', 'workplace')).toEqual(['unattributed']);
  });

  it("a ministry's or a university's mailbox, or an address to send to, is the institution's own", () => {
    expect(about('意见请通过电子邮件发送至：yjzj2099@example.gov.cn。', 'email')).toEqual(['self']);
    expect(about('网易邮箱就可以，发到:abc2020@example.gov.cn', 'email')).toEqual(['self']);
    expect(about('他的邮箱是 wangxy1990@example.com', 'email')).toEqual(['target']);
    // whose it is, when the post says so
    expect(about('她的邮箱 abc@example.edu.cn', 'email')).toEqual(['target']);
  });

  it('a name standing as the subject of a personal fact names the person (a quiet or gradual dossier)', () => {
    expect(about('王晓燕，在东城市某某物流有限公司上班。', 'workplace')).toEqual(['target']);
    expect(about('据说王晓燕，手机号13912345678。', 'phone')).toEqual(['target']);
    expect(about('补充一下：王晓燕，家住东城市西湖区幸福路18号3单元502室。', 'real_name')).toEqual(['target']);
    // a name with no fact after it, or a fact with no name before it, is no such frame
    expect(about('张伟今天来了，在家休息', 'real_name')).toEqual([]);
    expect(about('今天下单了，手机号13912345678', 'phone')).toEqual(['unattributed']);
  });

  it('a phrase about somebody needs its person in the same sentence', () => {
    expect(about('我认识王晓燕。补充一下：在某某科技有限公司上班。', 'workplace')).toEqual(['unattributed']);
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
