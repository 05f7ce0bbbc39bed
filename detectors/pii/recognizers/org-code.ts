import { CN_USCC } from './validators.js';
import { candidate, defineRecognizer, recognizerOptions, type Candidate } from '../recognizer.js';
import { maskMiddle } from '../redact.js';

/**
 * Unified social credit codes (GB 32100-2015, validated by stdnum). Mostly
 * companies, but sole proprietorships (个体工商户) are people: low weight.
 */
const USCC = /(?<![0-9A-Za-z])([0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10})(?![0-9A-Za-z])/g;

export const orgCode = defineRecognizer({
  name: 'cn_uscc',
  category: 'org_code',
  description: 'Chinese unified social credit codes',
  options: recognizerOptions(0.2, {}),
  context: ['统一社会信用代码', '信用代码', '营业执照', '个体工商户', '税号', 'uscc', 'credit code'],
  compile: () => (text) => {
    const out: Candidate[] = [];
    for (const m of text.matchAll(USCC)) {
      const code = m[1]!;
      if (!CN_USCC.validate(code).isValid) continue;
      // all digits: as likely an id or card number that passes by chance (1 in 31): needs context
      const confidence = /[A-Z]/.test(code) ? 0.75 : 0.3;
      out.push(candidate(m.index, m.index + code.length, code, confidence, maskMiddle(code, 2, 2)));
    }
    return out;
  },
});
