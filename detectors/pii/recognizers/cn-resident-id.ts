import { gb11643CheckChar, gb11643Valid } from '../../../src/util/index.js';
import { candidate, defineRecognizer, recognizerOptions, type Candidate } from '../recognizer.js';
import { maskMiddle } from '../redact.js';

/**
 * Chinese resident identity card numbers (GB 11643-1999): 18 characters
 * (6-digit region, 8-digit birth date, 3-digit sequence, MOD 11-2 check
 * character) and the 15-digit legacy form. A valid check character with a
 * real province and date is conclusive; a failed check is weak on its own
 * and medium next to a context word (typos and forged numbers are still
 * disclosures of intent).
 */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
  64, 65, 71, 81, 82, 83, 91,
]);
// 6 + 8 + 4 with an optional single space or dash between the groups (a common way of writing or evading)
const ID18 = /(?<![0-9A-Za-z*])([1-9]\d{5})[ -]?((?:18|19|20)\d{2})(\d{2})(\d{2})[ -]?(\d{3}[0-9Xx])(?![0-9A-Za-z*])/g;
const ID15 = /(?<![0-9A-Za-z*])([1-9]\d{5})(\d{2})(\d{2})(\d{2})(\d{3})(?![0-9A-Za-z*])/g;

export function realDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[m - 1]!;
}

/** 18 characters with a real province prefix and birth date: an ID number whatever its check character. */
export function looksLikeCnId(s: string): boolean {
  return (
    /^[1-9]\d{16}[0-9Xx]$/.test(s) &&
    PROVINCES.has(+s.slice(0, 2)) &&
    /^(?:18|19|20)/.test(s.slice(6)) &&
    realDate(+s.slice(6, 10), +s.slice(10, 12), +s.slice(12, 14))
  );
}

export const cnResidentId = defineRecognizer({
  name: 'cn_resident_id',
  category: 'national_id',
  description: 'Chinese resident ID numbers (18-character GB 11643 and 15-digit legacy)',
  options: recognizerOptions(1, {}),
  context: [
    '身份证',
    '身份证号',
    '证件号',
    '身份号码',
    '公民身份',
    '身份信息',
    'sfz',
    'id card',
    'id number',
    'identity',
    'id no',
    'resident id',
    'national id',
  ],
  negativeContext: ['订单', '单号', '快递', '运单', '流水号', '交易号', 'order', 'tracking', 'invoice'],
  gate: /\d/,
  minDigits: 15, // 15-digit legacy form at least; the 18-digit form has an 8-digit birth date
  minDigitRun: 6,
  compile: () => (text) => {
    const out: Candidate[] = [];
    if (text.length < 15) return out;
    ID18.lastIndex = 0;
    for (let m = ID18.exec(text); m !== null; m = ID18.exec(text)) {
      const [, region, y, mo, d, tail] = m as unknown as [string, string, string, string, string, string];
      if (!realDate(+y, +mo, +d)) continue;
      const id = `${region}${y}${mo}${d}${tail.toUpperCase()}`;
      const province = PROVINCES.has(+region.slice(0, 2));
      const valid = gb11643Valid(id);
      const confidence = valid ? (province ? 0.95 : 0.5) : province ? 0.3 : 0.2;
      out.push(candidate(m.index, m.index + m[0].length, id, confidence, maskMiddle(id, 3, 2)));
    }
    ID15.lastIndex = 0;
    for (let m = ID15.exec(text); m !== null; m = ID15.exec(text)) {
      const [, region, y, mo, d, seq] = m as unknown as [string, string, string, string, string, string];
      if (!PROVINCES.has(+region.slice(0, 2)) || !realDate(1900 + +y, +mo, +d)) continue;
      // canonical 18-character form, so the same person links across old and new numbers
      const first17 = `${region}19${y}${mo}${d}${seq}`;
      const id = first17 + gb11643CheckChar(first17)!;
      out.push(candidate(m.index, m.index + m[0].length, id, 0.35, maskMiddle(m[0], 3, 2)));
    }
    return out;
  },
});
