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
  });
  it('family', () => {
    expect(values('她老公是老师', 'family')).toEqual(['她老公']);
    expect(values('and his wife works there', 'family')).toEqual(['his wife']);
    expect(values('老公回来了', 'family')).toEqual([]);
  });
  it('health', () => {
    expect(values('听说他确诊抑郁症', 'health').length).toBeGreaterThan(0);
    expect(values('she was diagnosed with cancer', 'health').length).toBeGreaterThan(0);
    expect(values('今天天气很好', 'health')).toEqual([]);
  });
  it('private chat', () => {
    expect(values('放出聊天记录', 'private_chat')).toEqual(['聊天记录']);
    expect(values('leaked DMs from her', 'private_chat')).toEqual(['leaked DMs']);
  });
  it('real name next to a cue, not any Chinese word', () => {
    expect(values('真名叫张伟，在', 'real_name')).toEqual(['张伟']);
    expect(values('his real name is John Smith', 'real_name')).toEqual(['John Smith']);
    expect(values('张伟今天来了', 'real_name')).toEqual([]);
  });
  it('photo needs an attached image and a cue', () => {
    const text = '这就是她本人照片';
    expect(scanner.scan(text, event(text)).filter((f) => f.category === 'photo')).toEqual([]);
    const withMedia = scanner.scan(text, event(text, { mediaHashes: ['phash:abc'] }));
    expect(withMedia.filter((f) => f.category === 'photo')).toHaveLength(1);
    expect(found('这就是她本人照片', 'photo')).toEqual([]); // no event: no media
  });
});
