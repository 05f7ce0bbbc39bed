import { candidate, defineRecognizer, recognizerOptions, type Candidate } from '../recognizer.js';
import { maskMiddle } from '../redact.js';

/**
 * Postcodes on their own (ZIP: 48750, my zip code is 35350, 邮编 100080, SW1A 1AA). A postcode is an area
 * shared by many people, not a home: its own low-weight category, which never links incidents
 * (src/incident/incident-store.ts LINKING_CATEGORIES). A postcode inside a street address is part of that
 * address (`within`), not a finding of its own.
 *
 * Digits alone are anything (an amount, a year, an order number), so numeric postcodes need a cue word right
 * before them. Only shapes nothing else has are taken without one: UK postcodes with a real postcode area,
 * Canadian postal codes, and US `City, ST 12345`.
 */
// cue, then up to three connector words or marks, then the value (shape checked in code)
const CUED =
  /(?<![\p{L}\p{N}])(zip(?:[ \t-]?codes?)?|post(?:al)?[ \t-]?codes?|postcodes?|PLZ|CEP|pincode|pin[ \t]code)((?:[ \t]*(?:[:：=#]|is|was|number|no\.?|-)[ \t]*){0,3}|[ \t]+)([0-9][0-9A-Z -]{1,10}|[A-Z][0-9A-Z ]{4,7})/giu;
// Chinese: 邮编 / 邮政编码 / 郵遞區號 then six digits (mainland) or 3-6 (Taiwan)
const CUED_ZH = /(邮编|邮政编码|郵遞區號|郵政編碼)[ \t:：是为為]*(\d{3,6})(?!\d)/gu;

// numeric shapes after a cue: US 12345(-6789), SE 123 45, PT 1234-567, BR 12345-678, 3 to 6 digits
const NUMERIC = /^(?:\d{5}-\d{4}|\d{3}[ ]\d{2}|\d{4}-\d{3}|\d{5}-\d{3}|\d{3,6})(?![0-9A-Za-z])/;
// NL 1234 AB (not SA, SD, SS)
const NL = /^[1-9]\d{3}[ ]?(?!SA|SD|SS)[A-Z]{2}(?![0-9A-Za-z])/;
// UK outward code: area (1-2 letters), district; inward: digit + two letters
const UK = /^([A-Z]{1,2})(\d[A-Z\d]?)[ ]?\d[ABD-HJLNP-UW-Z]{2}(?![0-9A-Za-z])/;
// Canada: no D, F, I, O, Q, U; W and Z never first
const CA = /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][ ]?\d[ABCEGHJ-NPRSTV-Z]\d(?![0-9A-Za-z])/;

/** The 124 UK postcode areas plus the Crown dependencies: a shape with any other area is no postcode. */
const UK_AREAS = new Set(
  (
    'AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY E EC EH EN EX ' +
    'FK FY G GL GU HA HD HG HP HR HS HU HX IG IP IV KA KT KW KY L LA LD LE LL LN LS LU M ME MK ML N NE NG NN NP ' +
    'NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW ' +
    'UB W WA WC WD WF WN WR WS WV YO ZE GY JE IM'
  ).split(' '),
);

// stand-alone UK / Canadian shapes: upper case, one space, as they are written on envelopes
const UK_ALONE = /(?<![\p{L}\p{N}])[A-Z]{1,2}\d[A-Z\d]? \d[ABD-HJLNP-UW-Z]{2}(?![\p{L}\p{N}])/gu;
const CA_ALONE = /(?<![\p{L}\p{N}])[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] \d[ABCEGHJ-NPRSTV-Z]\d(?![\p{L}\p{N}])/gu;
// US: a capitalised city, a comma, a state's two letters, a ZIP (Springfield, IL 62704)
const US_CITY_STATE =
  /(?<![\p{L}\p{N}])\p{Lu}[\p{L}'’.-]+(?:[ \t]\p{Lu}[\p{L}'’.-]+){0,2},[ \t]*(A[KLRZ]|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|P[AR]|RI|S[CD]|T[NX]|UT|V[AIT]|W[AIVY])[ \t]+(\d{5}(?:-\d{4})?)(?![\p{L}\p{N}-])/gu;

const CUE_WORD = /zip|post|plz|cep|pin/i;
const STATE_ZIP = /,[ \t]*[A-Z]{2}[ \t]+\d{5}/;

function ukShape(v: string): boolean {
  const m = UK.exec(v);
  return m !== null && UK_AREAS.has(m[1]!);
}

/** The postcode at the start of `v` after a cue, or null. */
function shapeAfterCue(v: string): string | null {
  const upper = v.toUpperCase();
  // the longest shape: 7412 SL is Dutch, not 7412
  let n = 0;
  for (const m of [NUMERIC.exec(v), NL.exec(v), ukShape(upper) ? UK.exec(upper) : null, CA.exec(upper)])
    if (m && m[0].length > n) n = m[0].length;
  return n > 0 ? v.slice(0, n) : null;
}

/** Canonical value: upper case, letters and digits only (SW1A 1AA = sw1a1aa). */
const canonical = (v: string): string => v.toUpperCase().replace(/[^0-9A-Z]/g, '');

function push(out: Candidate[], start: number, written: string, confidence: number, spanStart = start): void {
  const value = canonical(written);
  out.push(candidate(spanStart, start + written.length, value, confidence, maskMiddle(value, 2, 0)));
}

export const postcode = defineRecognizer({
  name: 'postcode',
  category: 'postcode',
  description:
    'postcodes on their own: after a cue word (zip, postcode, 邮编), UK and Canadian shapes, US City, ST 12345',
  options: recognizerOptions(0.3, {}),
  // the cue words are part of the match (its confidence says so); these are the words around it
  context: ['address', 'lives in', 'live in', 'moved to', 'located in', '地址', '住在'],
  // a zip file, an archive or a download, not a postcode
  negativeContext: ['file', 'files', 'archive', 'folder', 'unzip', 'download', 'password', 'mb', 'gb', 'kb'],
  gate: /\d/,
  minDigits: 2, // SW1A 1AA
  within: 'home_address',
  compile: () => (text) => {
    const out: Candidate[] = [];
    // cheap pre-tests first: most posts hold none of the cue words, shapes or a ", ST 12345"
    CUED.lastIndex = CUE_WORD.test(text) ? 0 : text.length;
    for (let m = CUED.exec(text); m !== null; m = CUED.exec(text)) {
      const cue = m[1]!;
      // PLZ and CEP only in capitals: "plz" is please
      if ((cue.toLowerCase() === 'plz' || cue.toLowerCase() === 'cep') && cue !== cue.toUpperCase()) continue;
      const at = m.index + m[1]!.length + m[2]!.length;
      const written = shapeAfterCue(m[3]!);
      CUED.lastIndex = at + 1;
      if (written === null) continue;
      // "zip" alone may be an archive (the negative context then drops it): a bare "zip 12345" is a ZIP only in
      // the US shape, other shapes need a mark; "zip code", "postcode" say what follows
      const zip = /^zip$/i.test(cue);
      const bare = zip && !/[:：=#]|is|was|no/i.test(m[2]!);
      if (bare && !/^\d{5}(?:-\d{4})?$/.test(written)) continue;
      push(out, at, written, bare ? 0.6 : zip ? 0.75 : 0.85);
      CUED.lastIndex = at + written.length;
    }
    CUED_ZH.lastIndex = /[邮郵]/.test(text) ? 0 : text.length;
    for (let m = CUED_ZH.exec(text); m !== null; m = CUED_ZH.exec(text)) {
      const digits = m[2]!;
      push(out, m.index + m[0].length - digits.length, digits, 0.85);
    }
    if (/[A-Z]\d/.test(text)) {
      UK_ALONE.lastIndex = 0;
      for (let m = UK_ALONE.exec(text); m !== null; m = UK_ALONE.exec(text)) {
        if (ukShape(m[0])) push(out, m.index, m[0], 0.5);
      }
      CA_ALONE.lastIndex = 0;
      for (let m = CA_ALONE.exec(text); m !== null; m = CA_ALONE.exec(text)) push(out, m.index, m[0], 0.5);
    }
    if (STATE_ZIP.test(text)) {
      US_CITY_STATE.lastIndex = 0;
      for (let m = US_CITY_STATE.exec(text); m !== null; m = US_CITY_STATE.exec(text)) {
        // the span is the whole "City, ST 12345" (what a reader sees as the location); the ZIP is fingerprinted
        const zip = m[2]!;
        const zipAt = m.index + m[0].length - zip.length;
        push(out, zipAt, zip, 0.6, m.index);
      }
    }
    return dedupe(out);
  },
});

/** The scans may find one postcode twice (a cue before a UK shape): keep the earliest, then the longest. */
function dedupe(all: Candidate[]): Candidate[] {
  if (all.length <= 1) return all;
  all.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Candidate[] = [];
  for (const c of all) {
    const last = out[out.length - 1];
    if (last && c.start < last.end) continue;
    out.push(c);
  }
  return out;
}
