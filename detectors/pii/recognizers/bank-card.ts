import { candidate, defineRecognizer, recognizerOptions, type Candidate } from '../recognizer.js';
import { maskMiddle } from '../redact.js';
import { looksLikeCnId } from './cn-resident-id.js';

/**
 * Bank and credit card numbers, 12 to 19 digits, optionally in groups. The
 * Luhn check raises confidence but does not filter: many UnionPay (62…)
 * debit cards fail it.
 */
// issuer prefixes 2-6, plus JCB's 15-digit 1800 range
const CARD = /(?<![\d*.+-])((?:[2-6]\d{3}|1800)(?:[ -]?\d){8,15})(?![\d*])/g;

export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export const bankCard = defineRecognizer({
  name: 'bank_card',
  category: 'bank_card',
  description: 'bank and credit card numbers (Luhn raises confidence)',
  options: recognizerOptions(0.8, {}),
  context: [
    '银行卡',
    '卡号',
    '信用卡',
    '储蓄卡',
    '借记卡',
    '银联',
    '开户行',
    '账号',
    'card',
    'credit',
    'debit',
    'visa',
    'mastercard',
    'amex',
    'account',
  ],
  negativeContext: ['订单', '单号', '快递', '运单', 'order', 'tracking', 'invoice'],
  gate: /\d/,
  minDigits: 12,
  minDigitRun: 4, // the first group is four digits
  compile: () => (text) => {
    const out: Candidate[] = [];
    CARD.lastIndex = 0;
    for (let m = CARD.exec(text); m !== null; m = CARD.exec(text)) {
      const raw = m[1]!;
      const digits = raw.replace(/\D/g, '');
      if (digits.length < 12 || digits.length > 19) continue;
      // laughter (2333333333333, 哈哈 in digits) and keyboard runs pass Luhn often enough: no card repeats a digit 7 times in a row
      if (/(\d)\1{6}/.test(digits) || new Set(digits).size <= 3) continue;
      if (digits.startsWith('1800') && digits.length !== 15) continue; // JCB's 1800 range has 15 digits only
      // groups must be regular (4-4-4-4, 4-6-5, 4-4-4-4-3), not a run of phone-like chunks
      if (/[ -]/.test(raw) && !/^\d{4}(?:[ -]\d{4}){2,3}(?:[ -]\d{1,3})?$|^\d{4}[ -]\d{6}[ -]\d{4,5}$/.test(raw))
        continue;
      const valid = luhn(digits);
      const unionPay = digits.startsWith('62');
      let confidence = valid ? (digits.length >= 14 ? 0.8 : 0.5) : unionPay && digits.length >= 16 ? 0.35 : 0.2;
      if (digits.length === 18 && looksLikeCnId(digits)) confidence = 0.2; // an ID number, not a card
      out.push(candidate(m.index, m.index + raw.length, digits, confidence, maskMiddle(digits, 4, 4)));
    }
    return out;
  },
});
