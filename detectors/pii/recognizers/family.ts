import { defineRecognizer } from '../recognizer.js';
import { cueMatcher, cueOptions } from './cue.js';

/** Family members named or pointed at: 她老公/女儿, his wife …. Harassment spreads to them. */
const ZH_REL =
  '老婆|老公|妻子|丈夫|媳妇|女儿|儿子|孩子|闺女|父亲|母亲|爸爸|妈妈|老爸|老妈|爸|妈|父母|家人|前妻|前夫|女朋友|男朋友|女友|男友|公公|婆婆|岳父|岳母|弟弟|妹妹|哥哥|姐姐';

export const family = defineRecognizer({
  name: 'family',
  category: 'family',
  description: 'family member cues (她老公, his wife …)',
  options: cueOptions(0.6),
  context: ['家里', '全家', '家属', '一家', 'family', 'relatives'],
  gate: /他|她|其|此人|这人|该男|该女|那人|这货|his|her|their/i,
  compile: () =>
    cueMatcher([
      { re: new RegExp(`(?:他|她|其|此人|这人|该男|该女|那人|这货)(?:的)?(?:${ZH_REL})`, 'g'), confidence: 0.6 },
      {
        re: /\b(?:his|her|their)[ \t]+(?:wife|husband|ex-wife|ex-husband|daughter|son|kids?|children|child|mother|father|mom|mum|dad|parents|girlfriend|boyfriend|sister|brother|family)\b/gi,
        confidence: 0.55,
      },
    ]),
});
