import { describe, expect, it } from 'vitest';
import { event, found, scanner, values } from './helpers.js';

describe('cue recognizers', () => {
  it('workplace', () => {
    expect(values('她老公在阿里巴巴公司上班', 'workplace')).toEqual(['阿里巴巴公司']);
    expect(values('he works at Acme Robotics, ', 'workplace')).toEqual(['Acme Robotics']);
    expect(values('今天上班好累', 'workplace')).toEqual([]);
  });
  it('school', () => {
    expect(values('她女儿在杭州第二中学读书', 'school')).toEqual(['杭州第二中学']);
    expect(values('she studies at Stanford University', 'school')).toEqual(['Stanford University']);
    expect(values('学校放假了', 'school')).toEqual([]);
    // a level or a kind of school is not which school (chatter about teachers going back to work)
    expect(values('全市要求全体小学老师复工', 'school')).toEqual([]);
    expect(values('我们学校的学生都回家了', 'school')).toEqual([]);
    expect(values('市里高中的老师也测过了', 'school')).toEqual([]);
  });
  it('family', () => {
    expect(values('她老公是老师', 'family')).toEqual(['她老公']);
    expect(values('and his wife works there', 'family')).toEqual(['his wife']);
    expect(values('老公回来了', 'family')).toEqual([]);
  });
  it('family: a relative merely mentioned, or swearing on family words, is no disclosure', () => {
    // synthetic look-alikes of real Weibo and Twitter posts (shared/data/text, tune split)
    for (const text of [
      '这他妈是什么迷惑行为',
      '他妈的，又堵车了',
      '你他妈是官媒吧',
      '他妈妈说孩子没事',
      '她爸爸很担心',
      'his mother said he was fine',
      'her husband is so sweet',
    ])
      expect(values(text, 'family'), text).toEqual([]);
    expect(values('她老公叫王某某，在银行上班', 'family')).toEqual(['她老公']);
    expect(values('their kid goes to Lincoln Elementary', 'family')).toEqual(['their kid']);
  });
  it('health', () => {
    expect(values('听说他确诊抑郁症', 'health').length).toBeGreaterThan(0);
    expect(values('she was diagnosed with cancer', 'health').length).toBeGreaterThan(0);
    expect(values('今天天气很好', 'health')).toEqual([]);
  });
  it('health: illness words in news and public health are no medical fact about a person', () => {
    for (const text of [
      '北京新增确诊病例4例，均在定点医院隔离治疗',
      '癌症筛查进社区，免费体检报告当天出',
      '抑郁症的治疗需要社会关注',
      '你有病吧，神经病',
      'New study: cancer research funding doubles',
    ])
      expect(values(text, 'health'), text).toEqual([]);
    expect(values('听说她有抑郁症，在精神卫生中心看过病', 'health').length).toBe(1);
    expect(values('he is being treated for bipolar disorder at Mercy General', 'health').length).toBe(1);
  });
  it('private chat', () => {
    expect(values('放出聊天记录', 'private_chat')).toEqual(['聊天记录']);
    expect(values('leaked DMs from her', 'private_chat')).toEqual(['leaked DMs']);
  });
  it('real name next to a cue, not any Chinese word', () => {
    expect(values('真名叫张伟，在', 'real_name')).toEqual(['张伟']);
    expect(values('his real name is John Smith', 'real_name')).toEqual(['John Smith']);
    expect(values('张伟今天来了', 'real_name')).toEqual([]);
    // a common surname and one or two characters as the subject of a personal fact
    expect(values('王晓燕，在东城市某某物流有限公司上班', 'real_name')).toEqual(['王晓燕']);
    expect(values('有人说刘洋，家住东城市幸福路18号', 'real_name')).toEqual(['刘洋']);
    expect(values('今天，在公司加班', 'real_name')).toEqual([]);
    expect(values('病例3：李某，家住东城市幸福路18号', 'real_name')).toEqual([]);
  });
  it('photo needs an attached image and a cue', () => {
    const text = '这就是她本人照片';
    expect(scanner.scan(text, event(text)).filter((f) => f.category === 'photo')).toEqual([]);
    const withMedia = scanner.scan(text, event(text, { mediaHashes: ['phash:abc'] }));
    expect(withMedia.filter((f) => f.category === 'photo')).toHaveLength(1);
    expect(found('这就是她本人照片', 'photo')).toEqual([]); // no event: no media
  });
});
