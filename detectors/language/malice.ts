import { cueDetector } from './cue-detector.js';
import { MALICE } from './lexicon.js';

/** Insults, revenge and public shaming (社死) aimed at the target, in Chinese and English. */
export const malice = cueDetector({
  name: 'language/malice',
  description: 'insults, revenge and public shaming aimed at the target (zh, en)',
  dimension: 'malice',
  code: 'LANG_MALICE',
  noun: 'insults or revenge',
  cues: MALICE,
});
