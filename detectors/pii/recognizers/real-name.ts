import { defineRecognizer } from '../recognizer.js';
import { cueMatcher, cueOptions } from './cue.js';

/** The hundred commonest Chinese surnames (single character). */
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';

/**
 * A real name stated as such (真名叫…, real name is …): the step that turns
 * an online handle into a person; or a Chinese name (a common surname and one or two characters) standing
 * as the subject of a personal fact: "王晓燕，在某某公司上班", "据说王晓燕，手机号…", the way a quiet or
 * gradual dossier names its person one fact at a time. Not a general NER: names without such a cue or frame
 * are not reported ("张伟今天来了"), and a name a notice leaves unnamed (李某) is none (attribution.ts).
 */
export const NAME_FACT_ZH = new RegExp(
  `(?:^|[^\\u4e00-\\u9fa5]|据说|有人说|听说|就是)([${SURNAMES}](?:(?!某)[\\u4e00-\\u9fa5]){1,2}?)[，,]\\s*` +
    '(?=在[^，。；！？\\n]{2,30}?(?:上班|工作|任职|就职|上学|读书)|手机|电话|家住|住在|身份证|开的车|车牌|微信号|邮箱)',
  'g',
);

export const realName = defineRecognizer({
  name: 'real_name',
  category: 'real_name',
  description: 'real names stated as such (真名, 本名, real name is …)',
  options: cueOptions(0.7),
  context: ['开盒', '人肉', '扒出', '扒皮', '曝光', 'doxx', 'exposed', 'identity'],
  gate: /真名|真实姓名|本名|原名|实名|姓名|name|[，,]\s*(?:在|手机|电话|家住|住在|身份证|开的车|车牌|微信号|邮箱)/,
  compile: () =>
    cueMatcher([
      {
        re: /(?:真名|真实姓名|本名|原名|实名|姓名)(?:是|叫|为|:|：)?\s?([\u4e00-\u9fa5]{2,4}?)(?=[，。,.;；、\s（(]|$|身份证|电话|手机|住|家|在|今年|男|女)/g,
        confidence: 0.75,
      },
      // a name as the subject of a personal fact: identifying (0.65 ≥ pii/dossier identifyingMinConfidence)
      { re: NAME_FACT_ZH, confidence: 0.65 },
      {
        re: /(?:real|full|legal) name(?: is|:)?[ \t]+([A-Z][a-z'-]+(?:[ \t]+[A-Z][a-z'-]+){1,2})/g,
        confidence: 0.75,
      },
    ]),
});
