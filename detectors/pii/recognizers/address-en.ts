import { candidate, defineRecognizer, recognizerOptions, type Candidate } from '../recognizer.js';
import { redactText } from '../redact.js';

/**
 * Street addresses written the English way: house number, street name (with
 * a street-type word, or a European "Name 25" form), unit (Apt/Suite/Unit),
 * then city, state or region, country and postcode over commas or line
 * breaks. Also PO boxes. A parser over sticky regexes, not one huge pattern.
 */
// a word; inner dots (U.S.) are kept, a trailing dot is punctuation unless the word is an abbreviation (St., Apt.)
const W =
  "[A-Za-z\\u00C0-\\u024F][A-Za-z\\u00C0-\\u024F'’-]*(?:\\.[A-Za-z\\u00C0-\\u024F]+)*(?:\\.(?=[ \\t]*[,\\n]|[ \\t]+[a-z0-9]))?";
const SUFFIX =
  /^(?:street|st|avenue|ave|av|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|place|pl|square|sq|terrace|ter|way|parkway|pkwy|highway|hwy|circle|cir|trail|trl|crescent|cres|close|grove|gardens|park|row|walk|hill|extension|extensions|union|point|points|green|mall|plaza|loop|run|pass|path|pike|alley|ridge|heights|estate|estates|manor|view|crossing|junction|meadows?|springs?|harbor|harbour|port|mews|causeway|quay|wharf|straße|strasse|gasse|weg|platz|allee|ring|katu|tie|vej|gade|gatan|vägen|veien|gata|laan|straat|plein|rue|via|viale|calle|avenida|avda|rua|travessa|ulica|utca|cesta|trg|ulitsa)\.?$/i;
const STOP =
  /^(?:and|or|but|is|are|was|were|am|be|i|my|me|we|you|your|he|she|it|they|the|a|an|to|for|from|with|please|can|could|will|would|at|on|in|of|by|as|if|so|than|then|that|this|these|those|days?|years?|months?|weeks?|hours?|minutes?|times?|people|percent|dollars?|items?|pages?|kg|km|miles?)$/i;
const START = /(?<![\w.,-])(\d{1,6}[A-Za-z]?(?:[-/]\d{1,5})?)(?:[ \t]+\d{1,4})?[ \t]+(?=[A-Za-z\u00C0-\u024F])/g;
const PO_BOX = /(?<!\w)(?:P\.?\s?O\.?\s?Box|Post\s?box|Post Office Box)\s+\d{1,6}/gi;
const WORD = new RegExp(`${W}`, 'y');
const SPACE = /[ \t]+/y;
const NUMBER = /\d{1,5}[A-Za-z]?\b/y;
const UNIT = /,?\s*(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Flat|Room|Rm\.?|Floor|Fl\.?|#)\s*[A-Za-z0-9-]{1,6}\b/iy;
const SEP = /[ \t]*[,\n][ \t,>]*(?:\n[ \t,>]*)?|[ \t]+/y;
const POSTCODE = /(?:\d{3,6}(?:[- ]\d{3,4})?|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2})\b/y;
const REGION = /[A-Z]{2,3}\b/y;
const PLACE = new RegExp(`${W}(?:[ \\t]+${W}){0,3}`, 'y');

function at(re: RegExp, text: string, pos: number): string | null {
  re.lastIndex = pos;
  const m = re.exec(text);
  return m ? m[0] : null;
}

export const addressEn = defineRecognizer({
  name: 'address_en',
  category: 'home_address',
  description: 'English-style street addresses and PO boxes',
  options: recognizerOptions(0.9, {}),
  context: [
    'address',
    'addr',
    'lives at',
    'live at',
    'living at',
    'live in',
    'lived in',
    'located at',
    'send it to',
    'ship to',
    'deliver to',
    'mail to',
    'home',
    'residence',
    'moved to',
    '住址',
    '地址',
  ],
  gate: /\d/,
  compile: () => (text) => {
    const out: Candidate[] = [];
    if (!/\d/.test(text)) return out;
    for (const m of text.matchAll(START)) {
      const found = parseStreet(text, m.index, m.index + m[0].length);
      if (found) out.push(found);
    }
    for (const m of text.matchAll(PO_BOX)) {
      out.push(candidate(m.index, m.index + m[0].length, m[0].toLowerCase(), 0.5, redactText(m[0])));
    }
    return out;
  },
});

function parseStreet(text: string, start: number, pos: number): Candidate | null {
  let words = 0;
  let suffix = false;
  let capitalised = 0;
  let end = pos;
  // street name: up to five words; a street-type word or a trailing house number closes it
  while (words < 5) {
    const w = at(WORD, text, pos);
    if (!w || STOP.test(w)) break;
    words++;
    if (/^[A-Z\u00C0-\u00DE]/.test(w)) capitalised++;
    pos += w.length;
    end = pos;
    if (SUFFIX.test(w)) suffix = true;
    const sp = at(SPACE, text, pos);
    if (!sp) break;
    const n = at(NUMBER, text, pos + sp.length);
    if (n) {
      pos += sp.length + n.length; // European form: "Koskikatu 25"
      end = pos;
      suffix = suffix || words >= 1;
      break;
    }
    pos += sp.length;
  }
  if (words === 0) return null;
  const unit = at(UNIT, text, end);
  if (unit) end += unit.length;
  if (!suffix && !unit) return null;
  // tail: city, region, country, postcode over commas/newlines
  let tail = 0;
  let cursor = end;
  while (tail < 4) {
    const sep = at(SEP, text, cursor);
    if (!sep) break;
    const p = cursor + sep.length;
    const newline = sep.includes('\n') || sep.includes(',');
    const seg = at(POSTCODE, text, p) ?? at(REGION, text, p) ?? at(PLACE, text, p);
    if (!seg) break;
    const segWords = seg.split(/[ \t]+/);
    if (segWords.some((w) => STOP.test(w))) break;
    if (!newline && !/^[A-Z0-9]/.test(seg)) break; // continuing on the same line needs a capital or a postcode
    if (!newline && tail === 0 && !/^\d/.test(seg) && !/^[A-Z]{2,3}$/.test(seg) && capitalised === 0) break;
    cursor = p + seg.length;
    end = cursor;
    tail++;
    if (/^\d/.test(seg) && tail > 1) break; // a postcode ends the address
  }
  const confidence = (suffix && capitalised > 0 ? 0.6 : 0.4) + (unit ? 0.15 : 0) + (tail > 0 ? 0.1 : 0);
  const value = text.slice(start, end).replace(/\s+/g, ' ').toLowerCase();
  return candidate(start, end, value, confidence, redactText(value));
}
