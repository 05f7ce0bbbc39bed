import { HKID, TW_NATID } from './validators.js';
import { candidate, defineRecognizer, recognizerOptions, type Candidate } from '../recognizer.js';
import { maskMiddle } from '../redact.js';

/**
 * Hong Kong (HKID, check digit validated by stdnum), Macau (BIR, no public
 * check digit: context needed) and Taiwan (national id, validated by stdnum)
 * identity card numbers.
 */
const HK_ID = /(?<![0-9A-Za-z])([A-Z]{1,2}\d{6})\s?(?:\(([0-9A])\)|([0-9A]))(?![0-9A-Za-z])/g;
const MACAU = /(?<![0-9A-Za-z])([1578]\d{6})\s?\((\d)\)(?![0-9A-Za-z])/g;
const TAIWAN = /(?<![0-9A-Za-z])([A-Z][12]\d{8})(?![0-9A-Za-z])/g;

export const hkMoTwId = defineRecognizer({
  name: 'hk_mo_tw_id',
  category: 'national_id',
  description: 'Hong Kong, Macau and Taiwan identity card numbers',
  options: recognizerOptions(1, {}),
  context: [
    '身份证',
    '身分證',
    '身份證',
    '香港',
    '澳门',
    '澳門',
    '台湾',
    '台灣',
    'hkid',
    'bir',
    'identity card',
    'id card',
    '統一編號',
  ],
  gate: /\d/,
  minDigitRun: 6, // A123456(7), 1234567(8), A123456789
  compile: () => (text) => {
    const out: Candidate[] = [];
    HK_ID.lastIndex = 0;
    for (let m = HK_ID.exec(text); m !== null; m = HK_ID.exec(text)) {
      const id = `${m[1]!}${m[2] ?? m[3]!}`;
      const valid = HKID.validate(id).isValid;
      // without the parentheses a valid HKID is still likely, but many product codes look alike
      const confidence = valid ? (m[2] ? 0.85 : 0.6) : 0.2;
      out.push(candidate(m.index, m.index + m[0].length, `HK:${id}`, confidence, maskMiddle(id, 1, 1)));
    }
    MACAU.lastIndex = 0;
    for (let m = MACAU.exec(text); m !== null; m = MACAU.exec(text)) {
      const id = `${m[1]!}${m[2]!}`;
      out.push(candidate(m.index, m.index + m[0].length, `MO:${id}`, 0.3, maskMiddle(id, 1, 1)));
    }
    TAIWAN.lastIndex = 0;
    for (let m = TAIWAN.exec(text); m !== null; m = TAIWAN.exec(text)) {
      const id = m[1]!;
      const valid = TW_NATID.validate(id).isValid;
      out.push(candidate(m.index, m.index + id.length, `TW:${id}`, valid ? 0.85 : 0.2, maskMiddle(id, 1, 2)));
    }
    return out;
  },
});
