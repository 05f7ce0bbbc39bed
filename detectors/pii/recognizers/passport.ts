import { candidate, defineRecognizer, recognizerOptions, type Candidate } from '../recognizer.js';
import { maskMiddle } from '../redact.js';

/**
 * Passports and travel permits: Chinese passports (E + 8 digits, E + letter
 * + 7 digits, and the older G/D/P/S forms), Hong Kong/Macau permits
 * (回乡证 H/M, 往来港澳通行证 C), Taiwan compatriot permits, and generic
 * letter+digits numbers next to a context word.
 */
const CN = /(?<![0-9A-Za-z])((?:E[A-HJ-NP-Z0-9]|G\d|[DPS]E)\d{7}|[DPS]\d{7})(?![0-9A-Za-z])/g;
const PERMIT = /(?<![0-9A-Za-z])([CHM]\d{8}(?:\d{2})?)(?![0-9A-Za-z])/g;
const GENERIC = /(?<![0-9A-Za-z])([A-Z]{1,2}\d{6,8}|\d{9})(?![0-9A-Za-z])/g;

export const passport = defineRecognizer({
  name: 'passport',
  category: 'passport',
  description: 'passport and travel permit numbers',
  options: recognizerOptions(0.8, {}),
  context: ['护照', '護照', '通行证', '回乡证', '台胞证', '旅行证', 'passport', 'travel document', 'permit'],
  gate: /\d/,
  minDigitRun: 6, // every form holds 6+ consecutive digits
  compile: () => (text) => {
    const out: Candidate[] = [];
    const seen = new Set<number>();
    CN.lastIndex = 0;
    for (let m = CN.exec(text); m !== null; m = CN.exec(text)) {
      seen.add(m.index);
      out.push(candidate(m.index, m.index + m[0].length, m[1]!, 0.4, maskMiddle(m[1]!, 1, 2)));
    }
    PERMIT.lastIndex = 0;
    for (let m = PERMIT.exec(text); m !== null; m = PERMIT.exec(text)) {
      if (seen.has(m.index)) continue;
      seen.add(m.index);
      out.push(candidate(m.index, m.index + m[0].length, m[1]!, 0.3, maskMiddle(m[1]!, 1, 2)));
    }
    GENERIC.lastIndex = 0;
    for (let m = GENERIC.exec(text); m !== null; m = GENERIC.exec(text)) {
      if (seen.has(m.index)) continue;
      // only a context word makes a bare letters+digits string a passport
      out.push(candidate(m.index, m.index + m[0].length, m[1]!, 0.2, maskMiddle(m[1]!, 1, 2)));
    }
    return out;
  },
});
