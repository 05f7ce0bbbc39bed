import { CN_USCC } from './validators.js';
import { candidate, defineRecognizer, recognizerOptions, type Candidate } from '../recognizer.js';
import { maskMiddle } from '../redact.js';
import { looksLikeCnId } from './cn-resident-id.js';

/**
 * Unified social credit codes (GB 32100-2015, validated by stdnum). Mostly
 * companies, but sole proprietorships (个体工商户) are people: low weight.
 */
// runs of upper-case alphanumerics, checked for length and shape in code (cheaper than a lookbehind at every position)
const RUN = /[0-9A-Z]{18,}/g;
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
const ALNUM = /[0-9A-Za-z]/;

export const orgCode = defineRecognizer({
  name: 'cn_uscc',
  category: 'org_code',
  description: 'Chinese unified social credit codes',
  options: recognizerOptions(0.2, {}),
  context: ['统一社会信用代码', '信用代码', '营业执照', '个体工商户', '税号', 'uscc', 'credit code'],
  gate: /\d/,
  minDigitRun: 6, // the six-digit region code
  compile: () => (text) => {
    const out: Candidate[] = [];
    RUN.lastIndex = 0;
    for (let m = RUN.exec(text); m !== null; m = RUN.exec(text)) {
      const code = m[0];
      if (code.length !== 18 || !SHAPE.test(code)) continue;
      if (m.index > 0 && ALNUM.test(text[m.index - 1]!)) continue;
      if (ALNUM.test(text[m.index + 18] ?? '')) continue;
      if (looksLikeCnId(code)) continue; // an id number, scored by its own recognizer
      if (!CN_USCC.validate(code).isValid) continue;
      // all digits: as likely an id or card number that passes by chance (1 in 31): needs context
      const confidence = /[A-Z]/.test(code) ? 0.75 : 0.3;
      out.push(candidate(m.index, m.index + code.length, code, confidence, maskMiddle(code, 2, 2)));
    }
    return out;
  },
});
