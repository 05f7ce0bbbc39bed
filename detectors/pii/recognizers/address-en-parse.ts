import { isCompound, isPrefix, isSuffix, UNIT_WORD } from './address-en-lexicon.js';
import { endsInPlace } from './address-en-places.js';

/**
 * A small parser over sticky regexes for street addresses written the
 * English/European way. A street core is either number-first ("1317
 * Kimberly Way", "6750 Koskikatu 25", "9554 62 Rue Gafsa") or name-first
 * ("Villacher Strasse 89", "ul. Cicha 86"); then units (Apt/Suite/...),
 * then a tail of city, region, country and postcode over commas, line
 * breaks (e-mail quote marks allowed) or, for strong addresses, spaces.
 */
export interface Parsed {
  readonly start: number;
  readonly end: number;
  readonly confidence: number;
}

// ∆ (U+2206) stands in for the Greek Δ in copied Greek place names (ΑΓΙΟΣ ∆ΟΜΕΤΙΟΣ)
const WORD = /[\p{L}\u2206][\p{L}\p{M}\u2206'’-]*(?:\.(?=[\p{L}\s,]|$)|\/)?/uy;
const SPACE = /[ \t]+/y;
const NUM = /\d{1,6}[A-Za-z]?(?:[-/]\d{1,5}[A-Za-z]?)?(?![\p{L}\p{N}])(?:\.(?!\d))?/uy;
// line breaks may carry quote or list markers copied with the block ("> ", "| ", "• ", "??? " from a lost bullet)
const SEP = /[ \t]*(?:[,\n][ \t]*(?:[>|•·›»*?]+[ \t]*)?)+/y;
const UNIT =
  /(?:Apt|Apartment|Suite|Ste|Unit|Flat|Room|Rm|Floor|Fl|Bldg|Building|Lot|Dept)\.?[ \t]*#?[ \t]*[A-Za-z0-9-]{0,5}\d[A-Za-z0-9-]{0,5}(?![\p{L}\p{N}])|#[ \t]*\d{1,5}[A-Za-z]?(?![\p{L}\p{N}])/iuy;
const PO_BOX = /(?:P\.?[ \t]?O\.?[ \t]?Box|Post[ \t]?Office[ \t]Box|Post[ \t]?box)[ \t]+\d{1,6}(?![\p{L}\p{N}])/iuy;
const POSTCODE =
  /(?:\d{5}-\d{4}|\d{3,6}|\d{2}-\d{3}|[A-Z]{1,2}\d[A-Z\d]?[ ]?\d[A-Z]{2}|[A-Z]\d[A-Z][ ]?\d[A-Z]\d|\d{4}[ ]?[A-Z]{2})(?![\p{L}\p{N}])(?![ \t]*[\d(+])/uy;
// a region code ends its line or is followed by a comma or the postcode: "LOW STREET" is a place, not LOW + a street
const REGION = /(?:[A-Z]{2,3}|\d{1,2}(?=[ \t,\n]+\d{4,6}))(?![\p{L}\p{N}])(?![ \t]+\p{L})/uy;
const PAREN = /[ \t]*\([\p{L}\p{M} .'-]{1,30}\)/uy;
const STOP = new Set(
  (
    'and or but nor is are was were am be been i my me we you your he she it they them his her their our the a an to for ' +
    'from with please can could will would should at on in of by as if so than then that this these those there here ' +
    'near next into onto after before since until when where while who which what why how just also very not no yes ' +
    'last first day days year years month months week weeks hour hours minute minutes time times people percent ' +
    'dollar dollars item items page pages kg km mile miles tonight today tomorrow yesterday ' +
    'phone mobile tel fax email e-mail website desk office cell'
  ).split(' '),
);
const LOWER_NEXT = /^[ \t]\p{Ll}/u;
// "praia 1 suite 463": a unit word after the number shows it is a house number even in lower case
const UNIT_NEXT = /^[ \t](?:apt|apartment|suite|ste|unit|flat)\b/iu;
const PARTICLES = new Set([
  'de',
  'del',
  'da',
  'do',
  'dos',
  'das',
  'di',
  'du',
  'des',
  'la',
  'le',
  'van',
  'von',
  'der',
  'den',
  'y',
  'e',
]);
// lower-case words inside place names: Ostrov nad Ohří, Turkovice u Přelouče, Frankfurt am Main, Stratford upon Avon
const PLACE_PARTICLES = new Set([
  ...PARTICLES,
  ...'nad pod na u v z w am im bei ob upon sur sous lès les della delle dei degli sobre'.split(' '),
]);

function at(re: RegExp, text: string, pos: number): string | null {
  re.lastIndex = pos;
  const m = re.exec(text);
  return m ? m[0] : null;
}

const isUpper = (ch: string | undefined): boolean => ch !== undefined && (ch !== ch.toLowerCase() || ch === '\u2206');
const capitalised = (w: string): boolean => isUpper(w[0]);
const stop = (w: string): boolean => STOP.has(w.toLowerCase().replace(/\.$/, ''));
const typedAt = (w: string, index: number): boolean =>
  (index > 0 && isSuffix(w)) || (index === 0 && isPrefix(w)) || isCompound(w);
/** a trailing dot belongs to the word only when it is a short abbreviation (St., u., Avda.) */
function trimDot(w: string): string {
  return w.endsWith('.') && (w.length > 5 || (!isSuffix(w) && !isPrefix(w))) ? w.slice(0, -1) : w;
}

interface Core {
  start: number;
  end: number;
  typed: boolean;
  cased: boolean;
  houseNumberAfter: boolean;
}

/** Number-first street at `pos` (a digit run). */
export function numberFirst(text: string, pos: number): Core | null {
  const n = at(NUM, text, pos);
  if (!n) return null;
  let p = pos + n.length;
  // "9554 62 Rue Gafsa": building number, then house number
  const sp0 = at(SPACE, text, p);
  if (!sp0) return null;
  const n2 = at(NUM, text, p + sp0.length);
  if (n2 && at(SPACE, text, p + sp0.length + n2.length)) p += sp0.length + n2.length;
  const po = at(PO_BOX, text, p + (at(SPACE, text, p)?.length ?? 0));
  if (po) {
    const end = p + (at(SPACE, text, p)?.length ?? 0) + po.length;
    return { start: pos, end, typed: true, cased: true, houseNumberAfter: false };
  }
  let words = 0;
  let typed = false;
  let cased = false;
  let end = p;
  let houseNumberAfter = false;
  while (words < 6) {
    const sp = at(SPACE, text, p);
    if (!sp) break;
    const raw = at(WORD, text, p + sp.length);
    if (!raw || stop(raw) || UNIT_WORD.test(raw.replace(/\.$/, ''))) break;
    if (words === 0 && PARTICLES.has(raw.toLowerCase()) && !isPrefix(raw)) break;
    const w = trimDot(raw);
    if (typedAt(w, words)) typed = true;
    if (capitalised(w)) cased = true;
    words++;
    p += sp.length + w.length;
    end = p;
    const sp2 = at(SPACE, text, p);
    const hn = sp2 ? at(NUM, text, p + sp2.length) : null;
    // a house number after the name ("Koskikatu 25", "Piroska u. 97."), not a count ("Main St 20 minutes")
    const next = hn && sp2 ? text.slice(p + sp2.length + hn.length, p + sp2.length + hn.length + 12) : '';
    if (hn && sp2 && (!LOWER_NEXT.test(next) || UNIT_NEXT.test(next))) {
      p += sp2.length + hn.length; // "Koskikatu 25", "Piroska u. 97."
      end = p;
      houseNumberAfter = true;
      break;
    }
    if (words > 1 && isSuffix(w)) {
      // "1317 Kimberly Way" ends at the street type; "224 Forrest Hill Road" at the second of two
      const sp3 = at(SPACE, text, p);
      const more = sp3 ? at(WORD, text, p + sp3.length) : null;
      if (more && isSuffix(more) && !stop(more) && capitalised(more) === capitalised(w)) {
        p += sp3!.length + trimDot(more).length;
        end = p;
      }
      break;
    }
  }
  if (words === 0) return null;
  // "94941 2505 Heatherleigh Suite 620": an untyped capitalised name is a street when a unit follows it
  if (!typed && !houseNumberAfter && !(cased && unitsAt(text, end) > 0)) return null;
  return { start: pos, end, typed, cased, houseNumberAfter };
}

/** Name-first street ending in the house number that starts at `numPos` ("Villacher Strasse 89"). */
export function nameFirst(text: string, numPos: number, floor: number): Core | null {
  const n = at(NUM, text, numPos);
  if (!n) return null;
  const before = text.slice(Math.max(floor, numPos - 80), numPos);
  const m = /(?:\p{L}[\p{L}\p{M}'’-]*[./]?[ \t]+){1,5}$/u.exec(before);
  if (!m) return null;
  const offset = numPos - before.length + m.index;
  const words = m[0].trim().split(/[ \t]+/);
  // keep the longest run of name words that ends at the number
  let first = words.length;
  for (let i = words.length - 1; i >= 0; i--) {
    const w = words[i]!;
    if (stop(w) || UNIT_WORD.test(w.replace(/\.$/, ''))) break;
    first = i;
  }
  while (first < words.length && PARTICLES.has(words[first]!.toLowerCase()) && !isPrefix(words[first]!)) first++;
  if (first >= words.length) return null;
  const kept = words.slice(first);
  let start = offset;
  for (let i = 0; i < first; i++) start = text.indexOf(words[i]!, start) + words[i]!.length;
  start = text.indexOf(kept[0]!, start);
  // a street type alone is no street name ("Route 66", "Avenue 5")
  if (kept.length === 1 && (isPrefix(kept[0]!) || isSuffix(kept[0]!)) && !isCompound(kept[0]!)) return null;
  const typed = kept.some((w, i) => typedAt(w, i));
  const cased = kept.some(capitalised);
  return { start, end: numPos + n.length, typed, cased, houseNumberAfter: true };
}

/** PO boxes ("P.O. Box 149") as a street core. */
export function poBox(text: string, pos: number): Core | null {
  const m = at(PO_BOX, text, pos);
  return m ? { start: pos, end: pos + m.length, typed: true, cased: true, houseNumberAfter: false } : null;
}

/** Units, an intersection ("the corner of X and Y") and the tail; returns the whole address. */
export function extend(text: string, core: Core, base: number): Parsed {
  let { start, end } = core;
  let confidence = base;
  const lead = /(?:the[ \t]+)?corner[ \t]+of[ \t]+$/i.exec(text.slice(Math.max(0, start - 20), start));
  const unitBefore = /(?:Apt|Suite|Unit|Flat)\.?[ \t]*#?(?:\d{1,5}[ \t]+)?$/i.exec(
    text.slice(Math.max(0, start - 16), start),
  );
  if (unitBefore) start -= unitBefore[0].length;
  const units = unitsAt(text, end);
  end += units;
  if (units > 0 || unitBefore) confidence += 0.15;
  if (lead) {
    const and = /[ \t]+(?:and|&)[ \t]+/iy;
    and.lastIndex = end;
    const a = and.exec(text);
    if (a) {
      const other = crossStreet(text, end + a[0].length);
      if (other > 0) {
        start -= lead[0].length;
        end = other;
        confidence = Math.max(confidence, 0.6) + 0.1;
      }
    }
  }
  const tail = parseTail(text, end, core.cased, core.typed || units > 0);
  if (tail.end > end) confidence += tail.strong ? 0.1 : 0.05;
  return { start, end: tail.end, confidence };
}

/** Length of the units (Apt. 4, Suite 501) at `pos`, each after a space, comma or line break. */
function unitsAt(text: string, pos: number): number {
  let end = pos;
  for (;;) {
    const sep = at(SEP, text, end) ?? at(SPACE, text, end) ?? '';
    const u = at(UNIT, text, end + sep.length);
    if (!u) return end - pos;
    end += sep.length + u.length;
  }
}

/** "... and Rennie Union": up to four words ending in a street type; returns the end or -1. */
function crossStreet(text: string, pos: number): number {
  let p = pos;
  for (let i = 0; i < 4; i++) {
    const raw = at(WORD, text, p);
    if (!raw || stop(raw)) return -1;
    const w = trimDot(raw);
    p += w.length;
    if ((i > 0 && isSuffix(w)) || isCompound(w)) return p;
    const sp = at(SPACE, text, p);
    if (!sp) return -1;
    p += sp.length;
  }
  return -1;
}

/** City, region, country, postcode after the street. `strong`: typed street or unit, may continue on the same line. */
function parseTail(text: string, from: number, cased: boolean, strong: boolean): { end: number; strong: boolean } {
  let end = from;
  let found = false;
  for (let seg = 0; seg < 6; seg++) {
    const hard = at(SEP, text, end);
    const sep = hard ?? at(SPACE, text, end);
    if (!sep) break;
    const p = end + sep.length;
    const units = unitsAt(text, end);
    if (units > 0) {
      end += units; // "Crown Street Kishiev Squares\n Suite 321"
      continue;
    }
    const post = at(POSTCODE, text, p);
    if (post) {
      end = p + post.length;
      found = true;
      break; // a postcode ends the address
    }
    const region = at(REGION, text, p);
    if (region && (hard || strong || seg > 0)) {
      end = p + region.length;
      found = true;
      continue;
    }
    if (!hard && strong && !cased) {
      const lower = lowerPlaces(text, p);
      if (lower > 0) {
        end = lower; // "... apt. 858 begunje na gorenjskem slovenia"
        found = true;
        break;
      }
    }
    const place = placeAt(text, p, hard !== null ? cased : true);
    if (!place || (!hard && !strong && seg === 0)) break;
    if (isSuffix(text.slice(p, place))) break; // "Sludevej 13 St." - a street type alone is no place
    const after = text.slice(place, place + 3);
    if (/^[ \t]*:/.test(after)) break; // "Mobile:" is a label, not a city
    // a place on its own line must fill the line (or go on with a region/postcode); after a comma a sentence may go on
    const next = hard?.includes(',')
      ? /^(?:[ \t]*[,\n]|$|[ \t]*[.?!;)](?:\s|$)|[ \t]+[\p{L}\d])/u
      : /^(?:[ \t]*[,\n]|$|[ \t]*[.?!;)](?:\s|$)|[ \t]+[\p{Lu}\d])/u;
    if (hard && !next.test(after)) break;
    end = place;
  }
  return { end, strong: found };
}

/** One to four place words (Grand Rapids, ΑΓΙΟΣ ΔΟΜΕΤΙΟΣ, Cyprus (Greek)); returns the end or 0. */
function placeAt(text: string, pos: number, needCapital: boolean): number {
  let p = pos;
  let end = 0;
  for (let i = 0; i < 4; i++) {
    const raw = at(WORD, text, p);
    if (!raw || stop(raw) || UNIT_WORD.test(raw.replace(/\.$/, ''))) break;
    if (needCapital && !capitalised(raw) && !(i > 0 && PLACE_PARTICLES.has(raw))) break;
    const w = trimDot(raw);
    p += w.length;
    end = p;
    const paren = at(PAREN, text, p);
    if (paren) {
      p += paren.length;
      end = p;
    }
    const sp = at(SPACE, text, p);
    if (!sp) break;
    p += sp.length;
  }
  return end;
}

// up to five lower-case words, then the end of the line, a full stop or a comma
const LOWER_TAIL = /(?:\p{Ll}[\p{Ll}\p{M}'’-]*)(?:[ \t]+\p{Ll}[\p{Ll}\p{M}'’-]*){0,4}(?=[ \t]*(?:[.,!?;)\n]|$))/uy;

/** A lower-case same-line tail that ends in a country, state or province ("calgary alberta"); its end or 0. */
function lowerPlaces(text: string, pos: number): number {
  const tail = at(LOWER_TAIL, text, pos);
  if (!tail) return 0;
  const words = tail.split(/[ \t]+/);
  if (words.some((w) => stop(w) && !PLACE_PARTICLES.has(w))) return 0;
  return endsInPlace(words) > 0 ? pos + tail.length : 0;
}
