import { defineRecognizer } from '../recognizer.js';
import { cueMatcher, cueOptions } from './cue.js';

/**
 * A real name stated as such (真名叫…, real name is …): the step that turns
 * an online handle into a person. Not a general NER: names without such a
 * cue are not reported.
 */
export const realName = defineRecognizer({
  name: 'real_name',
  category: 'real_name',
  description: 'real names stated as such (真名, 本名, real name is …)',
  options: cueOptions(0.7),
  context: ['开盒', '人肉', '扒出', '扒皮', '曝光', 'doxx', 'exposed', 'identity'],
  gate: /真名|真实姓名|本名|原名|实名|姓名|name/,
  compile: () =>
    cueMatcher([
      {
        re: /(?:真名|真实姓名|本名|原名|实名|姓名)(?:是|叫|为|:|：)?\s?([\u4e00-\u9fa5]{2,4}?)(?=[，。,.;；、\s（(]|$|身份证|电话|手机|住|家|在|今年|男|女)/g,
        confidence: 0.75,
      },
      {
        re: /(?:real|full|legal) name(?: is|:)?[ \t]+([A-Z][a-z'-]+(?:[ \t]+[A-Z][a-z'-]+){1,2})/g,
        confidence: 0.75,
      },
    ]),
});
