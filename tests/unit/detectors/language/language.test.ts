import { describe, expect, it } from 'vitest';
import { malice } from '../../../../detectors/language/malice.js';
import { mobilisation } from '../../../../detectors/language/mobilisation.js';
import { publicInterest, publicRoleOf } from '../../../../detectors/language/public-interest.js';
import { MALICE, MOBILISATION } from '../../../../detectors/language/lexicon.js';
import {
  analyse,
  cueStrength,
  mayHaveCue,
  normalise,
  prepared,
  stripQuotes,
} from '../../../../detectors/language/text.js';
import { conformance, ev, run } from '../cascade/fixtures.js';

const strength = (text: string): number => cueStrength(analyse(text, MOBILISATION));

describe('mobilisation cues', () => {
  it.each([
    '大家人肉一下',
    '开盒了没？',
    '扒一下她住哪',
    '有没有人知道她家在哪，去他家门口堵',
    '去她单位闹',
    'Find where he lives.',
    'Everyone call her and tell her what you think.',
    'Someone go to his house.',
    'Dig up everything on him.',
    'Flood his phone.',
  ])('finds a call to act in %s', (text) => expect(strength(text)).toBeGreaterThanOrEqual(0.8));

  it.each(['扩散！让她社死', 'Spread this everywhere.'])('finds a weaker call in %s', (text) =>
    expect(strength(text)).toBeGreaterThanOrEqual(0.5),
  );

  it.each([
    ['negated (zh)', '有点过了，别人肉了'],
    ['negated (zh, 不要)', '大家不要人肉她，交给警方'],
    ['negated (en)', "Please don't go to his house, let the police handle it"],
    ['a mention, not a call', '人肉搜索太可怕了'],
    ['a mention, not a call (en)', 'doxxing is never ok'],
    ['quoted', '他说“大家人肉一下”，这种话太可怕'],
    ['news (zh)', '【新闻】多平台整治“开盒”乱象，某博主因人肉他人被依法处理。'],
    ['news (zh, police)', '【警惕“人肉搜索”】近日一女子遭网友人肉搜索，个人信息被曝光。警方提醒：不要参与“开盒”。'],
    [
      'news (en)',
      'Police warn against doxxing after strangers posted a teacher’s address with calls to “find where she lives”.',
    ],
    ['opinion (en)', 'Opinion: online pile-ons that “dig up everything” on a person are never justice.'],
    ['benign', 'call the office and demand answers'],
  ])('does not count a call that is %s', (_why, text) => expect(strength(text)).toBe(0));
});

describe('language/mobilisation', () => {
  const events = [
    ev({ authorId: 'a', text: '就是这个贱人，大家人肉一下' }),
    ev({ authorId: 'b', text: '扩散！' }),
    ev({ authorId: 'c', text: '等反转' }),
    ev({ authorId: 'd', text: 'Find where he lives.' }),
    ev({ authorId: 'e', text: '别人肉她了' }),
  ];
  it('passes conformance', () => conformance(mobilisation, events));

  it('grows with the number of distinct authors calling, keeps evidence ids and no text', () => {
    const one = run(mobilisation, events.slice(0, 1)).signals[0]!;
    const all = run(mobilisation, events);
    expect(all.signals[0]!.score).toBeGreaterThan(one.score);
    expect(all.signals[0]!.evidence).toEqual([events[0]!.eventId, events[1]!.eventId, events[3]!.eventId]);
    expect(typeof all.state === 'number' ? 0 : all.state.discounted).toBe(1);
    expect(JSON.stringify(mobilisation.save(all.state))).not.toContain('人肉');
  });

  it('scores a news cascade 0', () => {
    const news = [
      ev({ text: '【新闻】多平台整治“开盒”乱象，某博主因人肉他人被依法处理。' }),
      ev({ text: '人肉搜索太可怕了' }),
      ev({ text: '支持依法严惩' }),
    ];
    expect(run(mobilisation, news).signals).toEqual([]);
  });
});

describe('language/malice', () => {
  const events = [ev({ text: '真恶心' }), ev({ text: 'hope he loses everything' }), ev({ text: '这样不好吧' })];
  it('passes conformance', () => conformance(malice, events));
  it('finds insults and revenge', () => {
    const { signals } = run(malice, events);
    expect(signals[0]!.dimension).toBe('malice');
    expect(signals[0]!.message).toContain('en_revenge');
    expect(run(malice, [ev({ text: '今天天气真好' })]).signals).toEqual([]);
  });
});

describe('language/public-interest', () => {
  const o = publicInterest.options.parse({});
  it('recognises an official in a professional context (zh, en)', () => {
    expect(publicRoleOf('某住建局局长违规审批项目', [], o).score).toBe(0.8);
    expect(publicRoleOf('Senator Harlow voted to cut school funding', [], o).score).toBe(0.8);
  });
  it('trusts the platform mark', () => {
    expect(publicRoleOf('look at this', [{ publicFigure: true }], o).score).toBe(0.9);
    expect(publicRoleOf('look at this', [{ publicFigure: false }], o).score).toBe(0);
  });
  it('gives a bare title little weight and ordinary people none', () => {
    expect(publicRoleOf('我们班主任今天生病了', [], o).score).toBe(0.3);
    expect(publicRoleOf('扒一下这个女的，住在幸福小区', [], o).score).toBe(0);
  });
  it('passes conformance and names its evidence', () => {
    // the cascade's root names the official in office; a reply's chatter is not judged
    const events = [ev({ kind: 'post', text: '教育局局长在任期间挪用公款' }), ev({ text: '严查！' })];
    conformance(publicInterest, events);
    const { signals } = run(publicInterest, events);
    expect(signals[0]).toMatchObject({ dimension: 'publicInterest', score: 0.8, evidence: [events[0]!.eventId] });
  });
  it("belongs to the disclosure: reposters' chatter about an official neither makes nor thins it", () => {
    const chatter = ev({ text: '那个局长在任期间挪用公款，严查！' });
    expect(run(publicInterest, [chatter]).signals).toEqual([]);
    const disclosing = ev({
      text: '住建局局长违规审批，办公电话0571-87654321',
      findings: [
        {
          category: 'phone',
          recognizer: 'phone',
          confidence: 0.95,
          weight: 0.8,
          fingerprint: 'fp',
          snippet: '0571****4321',
          start: 0,
          end: 1,
          about: 'target',
        },
      ],
    });
    const replies = Array.from({ length: 50 }, () => ev({ text: '转发微博' }));
    const { signals } = run(publicInterest, [disclosing, ...replies]);
    expect(signals[0]).toMatchObject({ dimension: 'publicInterest', score: 0.8 });
  });
});

describe('text preparation shared by the language detectors', () => {
  const texts = [
    '大家人肉一下',
    '他说“大家人肉一下”，这种话太可怕',
    'Find where he lives.',
    "Please don't go to his house, let the police handle it",
    '真恶心，hope he loses everything',
    '今天天气真好',
    '转发',
    'ＦＩＮＤ ＨＩＭ',
    '',
  ];
  it('prepares each text as normalise + stripQuotes would, whatever was asked before', () => {
    for (const t of [...texts, ...[...texts].reverse(), texts[0]!, texts[0]!])
      expect(prepared(t)).toEqual({ norm: normalise(t), unquoted: stripQuotes(normalise(t)) });
  });
  it('rules a text out of a cue list only when the clause-by-clause pass finds nothing', () => {
    for (const cues of [MOBILISATION, MALICE])
      for (const t of texts) {
        const hits = analyse(t, cues).hits.length;
        if (!mayHaveCue(t, cues)) expect(hits).toBe(0);
        else expect(t).not.toBe('');
      }
    expect(mayHaveCue('大家人肉一下', MOBILISATION)).toBe(true);
    expect(mayHaveCue('今天天气真好', MOBILISATION)).toBe(false);
  });
});

describe('mobilisation: what is not a call to find or harass (synthetic look-alikes of real posts)', () => {
  it.each([
    '那我下学期还能去学校上课吗',
    '感觉五一回不去家了',
    '这车去他家那了，别发了，谣言',
    '打电话给相关部门一直没打通',
    '快递小哥打电话给我',
    '所以她在哪被感染的',
    '听说被扒出来已经确诊了',
    '这事值得深扒',
    'I find them super cool',
    'she told me to find her a charger',
  ])('%s', (text) => {
    const a = analyse(text, MOBILISATION);
    expect(a.hits.filter((h) => h.call && h.weight > 0)).toEqual([]);
  });
  it('求扩散 amplifies; it is no call to find anyone', () => {
    const a = analyse('孩子走失，求扩散', MOBILISATION);
    expect(a.hits.map((h) => [h.code, h.call])).toEqual([['zh_spread', false]]);
  });
  it('calls still found', () => {
    for (const text of [
      '大家人肉一下',
      '去她单位闹',
      '有没有人知道她家在哪',
      '打电话骂她',
      '扒一下这个女的',
      'Find where he lives.',
    ])
      expect(
        analyse(text, MOBILISATION).hits.some((h) => h.call && h.weight > 0),
        text,
      ).toBe(true);
  });
});
