import { candidate, defineRecognizer, type Candidate } from '../recognizer.js';
import { cueOptions } from './cue.js';

/**
 * A photo of the person: an attached image (media hash) with a text cue that
 * it shows the target. The fingerprint is of the media hash, so the same
 * picture links posts across platforms.
 */
const CUE =
  /照片|相片|自拍|正脸|本人|长这样|就是(?:他|她|这个人)|认准|这张脸|this is (?:him|her)|photo of (?:him|her|them)|pic of (?:him|her)|(?:his|her) (?:face|photo|selfie)/i;

export const photo = defineRecognizer({
  name: 'photo',
  category: 'photo',
  description: 'photo of the person: an attached image with a cue that it shows them',
  options: cueOptions(0.7),
  context: [],
  gate: null,
  compile: () => (text, input) => {
    const out: Candidate[] = [];
    const hashes = input.event?.mediaHashes ?? [];
    if (hashes.length === 0) return out;
    const m = CUE.exec(text);
    if (!m) return out;
    const first = [...hashes].sort()[0]!;
    out.push(candidate(m.index, m.index + m[0].length, first, 0.7, `[photo:${m[0].toLowerCase()}]`));
    return out;
  },
});
