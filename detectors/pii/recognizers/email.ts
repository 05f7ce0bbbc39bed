import { candidate, defineRecognizer, recognizerOptions, type Candidate } from '../recognizer.js';
import { redactEmail } from '../redact.js';

/**
 * Email addresses, including the usual evasions: name(at)163.com,
 * name [at] gmail [dot] com, name#qq.com (full-width ＠ is normalised).
 */
const EMAIL =
  /(?<![\w.+-])([A-Za-z0-9][A-Za-z0-9._%+-]{0,63})@([A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*\.[A-Za-z]{2,24})(?![\w-])/g;
const EVASION =
  /(?<![\w.+-])([A-Za-z0-9][A-Za-z0-9._%+-]{0,63})\s?(?:\(at\)|\[at\]|\{at\}| at |#|艾特|圈a)\s?([A-Za-z0-9-]{1,63}(?:(?:\.|\s?(?:\(dot\)|\[dot\]| dot |点)\s?)[A-Za-z0-9-]{1,63})*(?:\.|\s?(?:\(dot\)|\[dot\]| dot |点)\s?)(?:com|cn|net|org|edu|gov|io|me|hk|tw|jp|uk|de|fr|co|info))(?![\w-])/gi;

const EVASION_HINT =
  /\(at\)|\[at\]|\{at\}|\bat [a-z0-9-]+ ?(?:\.|\(dot\)|\[dot\]|dot |点)|#[a-z0-9-]+\.[a-z]|艾特|圈a/i;

export const email = defineRecognizer({
  name: 'email',
  category: 'email',
  description: 'email addresses, including (at)/[dot]/# evasions',
  options: recognizerOptions(0.6, {}),
  context: ['邮箱', '邮件', '电邮', 'email', 'e-mail', 'mail'],
  gate: /@|\(at\)|\[at\]|\{at\}| at |#|艾特|圈a/i,
  compile: () => (text) => {
    const out: Candidate[] = [];
    if (text.includes('@')) {
      EMAIL.lastIndex = 0;
      for (let m = EMAIL.exec(text); m !== null; m = EMAIL.exec(text)) {
        const value = `${m[1]!}@${m[2]!}`.toLowerCase();
        out.push(candidate(m.index, m.index + m[0].length, value, 0.9, redactEmail(value)));
      }
    }
    if (!EVASION_HINT.test(text)) return out;
    EVASION.lastIndex = 0;
    for (let m = EVASION.exec(text); m !== null; m = EVASION.exec(text)) {
      const domain = m[2]!.replace(/\s?(?:\(dot\)|\[dot\]| dot |点)\s?/gi, '.').toLowerCase();
      const value = `${m[1]!.toLowerCase()}@${domain}`;
      // " at " and "#" also occur in ordinary text: weaker than the bracketed forms
      const bracketed = /\(at\)|\[at\]|\{at\}|艾特|圈a/i.test(m[0]);
      out.push(candidate(m.index, m.index + m[0].length, value, bracketed ? 0.8 : 0.45, redactEmail(value)));
    }
    return out;
  },
});
