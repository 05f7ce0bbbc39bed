import { defineRecognizer } from '../recognizer.js';
import { cueMatcher, cueOptions } from './cue.js';

/**
 * A medical fact about a person the post points at: 她有抑郁症, 他得了艾滋, 听说她患有…, 她的病历, she is being
 * treated for …, his medical records. Special-category data. What counts: the condition (or the record) tied
 * to a pronoun or a demonstrative (他/她/此人/这个女的 …, he/she/his/her) by a verb of having or treatment.
 * What does not (real look-alikes): illness words in news and public-health posts (新增确诊病例, 癌症筛查,
 * 抑郁症的治疗, cancer research), an illness named without a person, and swearing (神经病, 有病吧).
 */
const ZH_WHO = '(?:(?<![其吉利排无自])[他她]|TA|此人|这人|该男子?|该女子?|这个女的|这个男的|那个女的|那个男的)';
const ZH_ILL =
  '抑郁症|焦虑症|精神病史|精神分裂(?:症)?|双相(?:情感)?障碍|双相|艾滋病?|HIV|乙肝|梅毒|性病|癌症?|肿瘤|白血病|不孕(?:不育)?|传染病|心脏病|糖尿病|毒瘾|阿尔茨海默';
const ZH =
  `${ZH_WHO}(?:的)?[\\u4e00-\\u9fa5]{0,3}?(?:有|患有|患了|得了|得过|确诊(?:为|了)?|被诊断(?:为|出)?|诊断为|查出(?:了)?)(?:${ZH_ILL})` +
  `|${ZH_WHO}(?:怀孕|流产|堕过胎|打过胎|住过院|做过化疗|在戒毒|戒过毒|整过容)` +
  `|${ZH_WHO}的(?:病历|病例单|诊断书|体检报告|化验单|精神鉴定)`;
const EN_ILL =
  "[a-z' -]{0,20}?(?:HIV|AIDS|cancer|tumou?r|leukemia|depression|bipolar|schizophrenia|addiction|disorder|STDs?|herpes|hepatitis)";
const EN =
  `\\b(?:he|she|they)(?:'s| is| was| are| were| has| had| have)?(?: been)? (?:being treated for|treated for|diagnosed with|suffering from|suffers from|has|had|have|got)${EN_ILL}\\b` +
  `|\\b(?:he|she)(?:'s| is| was) (?:pregnant|in rehab)\\b` +
  `|\\b(?:his|her|their) (?:medical records?|diagnosis|psychiatric (?:history|records?)|HIV status|abortion|miscarriage)\\b`;

export const health = defineRecognizer({
  name: 'health',
  category: 'health',
  description: 'a medical fact about a person pointed at (她有抑郁症, she is being treated for …)',
  options: cueOptions(0.8),
  context: ['医院', '医生', '看病', '吃药', '治疗', '症状', 'hospital', 'doctor', 'treatment', 'symptoms', 'clinic'],
  gate: /他|她|TA|此人|这人|该男|该女|这个|那个|\bhe\b|\bshe\b|\bthey\b|\bhis\b|\bher\b|\btheir\b/i,
  compile: () =>
    cueMatcher([
      { re: new RegExp(ZH, 'g'), confidence: 0.6 },
      { re: new RegExp(EN, 'gi'), confidence: 0.55 },
    ]),
});
