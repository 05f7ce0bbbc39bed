import { cueDetector } from './cue-detector.js';
import { MOBILISATION } from './lexicon.js';

/**
 * Calls to find, visit, call or harass the target, in Chinese and English
 * (人肉, 开盒, 扒一下, 扩散, 去他家/单位, find where he lives, call her, ...).
 * Negated, quoted and news-framed mentions do not count.
 */
export const mobilisation = cueDetector({
  name: 'language/mobilisation',
  description: 'calls to find, visit, call or harass the target (zh, en)',
  dimension: 'mobilisation',
  code: 'LANG_MOBILISATION',
  noun: 'calls to act against the target',
  cues: MOBILISATION,
});
