import { US_SSN } from './validators.js';
import { candidate, defineRecognizer, recognizerOptions, type Candidate } from '../recognizer.js';
import { maskMiddle } from '../redact.js';

/** US social security numbers, area/group/serial rules checked by stdnum. */
const SSN = /(?<![\w-])(\d{3})([- .]?)(\d{2})\2(\d{4})(?![\w-])/g;

export const usSsn = defineRecognizer({
  name: 'us_ssn',
  category: 'national_id',
  description: 'US social security numbers',
  options: recognizerOptions(1, {}),
  context: ['ssn', 'social security', 'social sec', 'ss#', 'ssn#', 'ss number', '社会安全号'],
  gate: /\d/,
  minDigits: 9,
  minDigitRun: 3,
  compile: () => (text) => {
    const out: Candidate[] = [];
    SSN.lastIndex = 0;
    for (let m = SSN.exec(text); m !== null; m = SSN.exec(text)) {
      const digits = `${m[1]!}${m[3]!}${m[4]!}`;
      if (!US_SSN.validate(digits).isValid) continue;
      // dashed is the SSN's own shape; bare nine digits are anything
      const confidence = m[2] === '-' ? 0.6 : m[2] ? 0.4 : 0.2;
      out.push(candidate(m.index, m.index + m[0].length, digits, confidence, maskMiddle(digits, 0, 2)));
    }
    return out;
  },
});
