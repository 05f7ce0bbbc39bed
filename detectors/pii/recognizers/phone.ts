import { parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js/max';
import { z } from 'zod';
import { candidate, defineRecognizer, recognizerOptions, type Candidate } from '../recognizer.js';
import { redactPhone } from '../redact.js';

/**
 * Phone numbers, validated with libphonenumber-js and its full metadata (the
 * default "min" metadata accepts numbers that cannot exist). Mainland
 * mobiles and landlines first, then +country numbers, then the configured
 * regions. Digits may be split by spaces, dots or dashes (1 3 8-1234-5678);
 * full-width digits and Chinese numerals are normalised beforehand.
 * Masked numbers (138****5678) never match: they are redacted, not disclosed.
 */
const CANDIDATE =
  /(?<![\w*+.@/#-])(?:(?:\+|00)[ ]?\d{1,3}[ .-]{0,2})?(?:\(\d{1,5}\)[ .-]{0,2})?\d(?:[ .-]{0,2}\(?\d\)?){5,16}(?:[ ]?(?:x|ext\.?|extension)[ ]?\d{1,6})?(?![\w*@])/g;
// an extension (x459, ext. 12) belongs to the span but not to the number that is fingerprinted
const EXTENSION = /[ ]?(?:x|ext\.?|extension)[ ]?\d{1,6}$/;
// 3610-114, 75534-030: shaped like a Portuguese or Brazilian postcode; a phone only with a context word
const POSTCODE_SHAPED = /^\d{4,5}[ -]\d{3}$/;
const DATE_LIKE = /^(?:19|20)\d{2}[./-]\d{1,2}[./-]\d{1,2}(?:\D|$)|^\d{1,2}[./-]\d{1,2}[./-](?:19|20)?\d{2}$/;
// Real look-alikes on Weibo: a date inside the digits (记录20200303, 05:28 2020-07-30, 20200402-07), a year
// range (2020-2021), lottery picks (14 26 27 28 35). Never a mainland mobile, which is checked first.
const DATE_INSIDE = /(?:^|\D)(?:19|20)\d{2}[-./]?(?:0[1-9]|1[0-2])[-./]?(?:0[1-9]|[12]\d|3[01])(?:\D|$)/;
const YEAR_RANGE = /^(?:19|20)\d{2}\s?[-~]\s?(?:19|20)\d{2}$/;
const SHORT_GROUPS = /(?:(?:^|[ .-])\d{1,2}(?=[ .-]|$)){4,}/;
// 492876.42, 1,056,848.10: an amount, not a phone
const AMOUNT = /^\d+\.\d{1,2}$/;
const CN_MOBILE = /^1[3-9]\d{9}$/;

const regionList = z.array(z.string().regex(/^[A-Z]{2}$/));

export const phone = defineRecognizer({
  name: 'phone',
  category: 'phone',
  description: 'phone numbers (libphonenumber full metadata): mainland, +country and configured regions',
  options: recognizerOptions(0.8, {
    /** regions tried, in order, for numbers written without +country (after CN) */
    regions: regionList.default(['US', 'GB', 'HK', 'TW', 'MO', 'SG', 'CA', 'AU', 'DE', 'FR', 'IN', 'JP', 'BR']),
  }),
  context: [
    '电话',
    '手机',
    '手机号',
    '号码',
    '联系方式',
    '联系',
    '致电',
    '打给',
    '来电',
    'tel',
    // "his number is (212) …" (a bare 'number' would also raise "license number 2270-66-1551")
    'his number',
    'her number',
    'their number',
    'my number',
    'phone',
    'mobile',
    'cell',
    'call',
    'fax',
    'contact',
    'whatsapp',
    'desk',
  ],
  negativeContext: [
    '订单',
    '单号',
    '快递',
    '运单',
    '流水号',
    '收入',
    '金额',
    '万元',
    'order',
    'tracking',
    'invoice',
    'serial',
    'income',
    'price',
    'amount',
    // other numbers written in groups: licence and passport numbers
    'license',
    'licence',
    'passport',
    '驾驶证',
    '驾照',
    '护照',
  ],
  gate: /\d/,
  minDigits: 7, // judge() rejects fewer
  compile: (o) => {
    const regions = o.regions as CountryCode[];
    // reposts copy their text: remember recent verdicts (bounded; a pure function of the candidate)
    const memo = new Map<string, Judged | null>();
    const judgeMemo = (raw: string): Judged | null => {
      let j = memo.get(raw);
      if (j === undefined) {
        j = judge(raw, regions);
        if (memo.size >= 4096) memo.clear();
        memo.set(raw, j);
      }
      return j;
    };
    return (text) => {
      const out: Candidate[] = [];
      CANDIDATE.lastIndex = 0;
      for (let m = CANDIDATE.exec(text); m !== null; m = CANDIDATE.exec(text)) {
        const ext = EXTENSION.exec(m[0]);
        const raw = ext ? m[0].slice(0, ext.index) : m[0];
        if (DATE_LIKE.test(raw) || AMOUNT.test(raw) || YEAR_RANGE.test(raw) || SHORT_GROUPS.test(raw)) continue;
        if (DATE_INSIDE.test(raw) && !CN_MOBILE.test(raw.replace(/\D/g, ''))) continue;
        const found = judgeMemo(raw);
        if (!found) continue;
        const length = found.length === raw.length && ext ? m[0].length : found.length;
        const confidence = POSTCODE_SHAPED.test(raw) ? Math.min(found.confidence, 0.25) : found.confidence;
        out.push(candidate(m.index, m.index + length, found.value, confidence, redactPhone(found.digits)));
      }
      return out;
    };
  },
});

interface Judged {
  readonly length: number;
  readonly value: string;
  readonly digits: string;
  readonly confidence: number;
}

function parse(number: string, region?: CountryCode): PhoneNumber | undefined {
  // libphonenumber signals "not a number" by throwing and catching a ParseError inside; the stack trace each
  // throw captures is most of its cost on digit strings that are no phone. Capture none while parsing.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return region ? parsePhoneNumberFromString(number, region) : parsePhoneNumberFromString(number);
  } catch {
    return undefined;
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function judge(raw: string, regions: readonly CountryCode[]): Judged | null {
  const full = judgeOne(raw, regions);
  if (full && full.confidence >= 0.5) return full;
  // "call 138 1234 5678 20 times": retry without the last group
  const cut = raw.search(/[ .-]+\(?\d+\)?$/);
  if (cut > 0) {
    const shorter = judgeOne(raw.slice(0, cut), regions);
    if (shorter && (!full || shorter.confidence > full.confidence)) return shorter;
  }
  return full;
}

function judgeOne(raw: string, regions: readonly CountryCode[]): Judged | null {
  const international = raw.startsWith('+') || raw.startsWith('00');
  const digits = raw.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return null;
  const formatted = /[ .()-]/.test(raw);
  const result = (n: PhoneNumber | undefined, confidence: number): Judged | null =>
    n ? { length: raw.length, value: n.number, digits: n.nationalNumber, confidence } : null;
  if (international) {
    const n = parse(raw.startsWith('00') ? `+${digits.slice(2)}` : `+${digits}`);
    if (n?.isValid()) return result(n, 0.85);
    return { length: raw.length, value: digits, digits, confidence: 0.25 };
  }
  if (CN_MOBILE.test(digits)) {
    const n = parse(digits, 'CN');
    if (n?.isValid()) return result(n, 0.85);
  }
  if (CN_MOBILE.test(digits) || /^1\d{10}$/.test(digits)) {
    // eleven digits from 1 that are no mainland mobile: only a NANP number with its trunk 1 remains
    for (const region of ['US', 'CA'] as const) {
      const n = parse(digits, region);
      if (n?.isValid()) return result(n, formatted ? 0.5 : 0.35);
    }
    return null; // shaped like a mainland mobile but cannot exist
  }
  if (digits.startsWith('86') && CN_MOBILE.test(digits.slice(2))) {
    const n = parse(`+${digits}`);
    if (n?.isValid()) return result(n, 0.8);
  }
  if (digits.startsWith('0')) {
    const n = parse(digits, 'CN');
    if (n?.isValid()) return result(n, formatted ? 0.6 : 0.45);
  }
  for (const region of regions) {
    const n = parse(digits, region);
    if (n?.isValid()) return result(n, formatted ? 0.5 : 0.35);
  }
  // not valid anywhere we looked: a context word ("phone:") can still make it one
  return { length: raw.length, value: digits, digits, confidence: formatted ? 0.25 : 0.1 };
}
