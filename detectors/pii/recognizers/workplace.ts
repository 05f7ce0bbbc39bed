import { defineRecognizer } from '../recognizer.js';
import { cueMatcher, cueOptions } from './cue.js';

/** Where a person works: 在…上班/工作, 就职于…, works at …. The employer is the value. */
const ORG = '[\\u4e00-\\u9fa5A-Za-z0-9（）()·&]{2,20}?';
const EN_ORG = "[A-Z][\\w&.'-]*(?:[ \\t]+(?:of|and|&|[A-Z][\\w&.'-]*)){0,5}";

export const workplace = defineRecognizer({
  name: 'workplace',
  category: 'workplace',
  description: 'workplace cues (在…上班, works at …)',
  options: cueOptions(0.6),
  context: ['单位', '公司', '上班', '同事', '领导', '老板', '工位', 'office', 'employer', 'colleague', 'boss'],
  gate: /上班|工作|任职|就职|供职|单位|work|employ/i,
  compile: () =>
    cueMatcher([
      {
        re: new RegExp(
          `(?:在|于)(${ORG}(?:公司|集团|银行|医院|局|所|厂|店|部|中心|委|院|站|处|科|队))(?:上班|工作|任职|就职|当|做)`,
          'g',
        ),
        confidence: 0.7,
      },
      {
        re: new RegExp(
          `(?:就职于|任职于|供职于|工作单位(?:是|为|:|：)?|单位(?:是|在|:|：))(${ORG})(?=[，。,.;；\\s]|$)`,
          'g',
        ),
        confidence: 0.7,
      },
      {
        re: new RegExp(`(?:works?|working|worked|employed)[ \\t]+(?:at|for|by)[ \\t]+(?:the[ \\t]+)?(${EN_ORG})`, 'g'),
        confidence: 0.6,
      },
    ]),
});
