import { defineRecognizer } from '../recognizer.js';
import { cueMatcher, cueOptions } from './cue.js';

/**
 * Family members of the target, named or placed: 她老公叫…, 他女儿在…上学, his wife is …, their kid goes to ….
 * Harassment spreads to them. What counts: a relation word possessed by a person the post points at (他/她/其/
 * 此人 …, his/her/their) AND something that identifies or locates that relative (叫/是/姓/在…, is/works at/
 * goes to). What does not (real look-alikes): swearing built on family words (他妈的, 他娘的, 他妈逼), and a
 * relative merely mentioned (他妈妈说…, 她爸爸很担心, his mother said) — a generic word is not a disclosure.
 */
const ZH_REL =
  '老婆|老公|妻子|丈夫|媳妇|女儿|儿子|孩子|闺女|父亲|母亲|爸爸|妈妈|老爸|老妈|爸|父母|家人|前妻|前夫|女朋友|男朋友|女友|男友|公公|婆婆|岳父|岳母|弟弟|妹妹|哥哥|姐姐';
const ZH_OWNER = '(?<![其吉利排无自])(?:他|她)|其|此人|这人|该男|该女|那人|这货';
// what follows the relation: a name, an identity, a place (work, school, home), a contact
const ZH_IDENTIFIED = '叫|名叫|是|姓|在|的(?:名字|电话|手机|单位|学校|公司|微信|住址)|就读|上学|上班|工作|开了|住在|住';
const EN_REL =
  'wife|husband|ex-wife|ex-husband|daughter|son|kids?|children|child|mother|father|mom|mum|dad|parents|girlfriend|boyfriend|sister|brother|family';
const EN_IDENTIFIED =
  "(?:'s name)?\\s+(?:is(?! (?:so|very|a bit|not|also|too|gonna|going|just|really|sick|ill|scared|worried|upset|angry|sad)\\b)|named|called|goes to|attends|works\\b|lives (?:at|in|on))";

export const family = defineRecognizer({
  name: 'family',
  category: 'family',
  description: 'family members of a person pointed at, named or placed (她老公叫…, his wife is …)',
  options: cueOptions(0.6),
  context: ['家里', '全家', '家属', '一家', 'family', 'relatives'],
  gate: /他|她|其|此人|这人|该男|该女|那人|这货|his|her|their/i,
  compile: () =>
    cueMatcher([
      {
        // no bare 妈 (nor 娘): 他妈的, 这他妈是… is swearing; 她妈妈/她老妈 are listed
        re: new RegExp(`(?:${ZH_OWNER})(?:的)?(?:${ZH_REL})(?=${ZH_IDENTIFIED})`, 'g'),
        confidence: 0.6,
      },
      { re: new RegExp(`\\b(?:his|her|their)[ \\t]+(?:${EN_REL})\\b(?=${EN_IDENTIFIED})`, 'gi'), confidence: 0.55 },
    ]),
});
