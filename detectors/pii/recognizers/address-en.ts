import { candidate, defineRecognizer, recognizerOptions, type Candidate } from '../recognizer.js';
import { redactText } from '../redact.js';
import { extend, nameFirst, numberFirst, poBox, type Parsed } from './address-en-parse.js';

/**
 * Street addresses written the English/European way (see address-en-parse):
 * number-first or name-first streets with a street-type word from a
 * multilingual lexicon (or a house number after the name), units, corner
 * intersections, then city/region/country/postcode; PO boxes; US military
 * addresses (PSC 1234, Box 5678 / APO AE 09012). A street without a type
 * word ("Joaquin Suarez 2906") scores below the threshold and needs a
 * context word (address, lives at, ...) to be reported.
 */
const DIGITS = /(?<![\p{L}\p{N}.,:/-])\d/gu;
const PO_START = /(?<![\p{L}\p{N}])(?:P\.?[ \t]?O\.?[ \t]?Box|Post[ \t]?Office[ \t]Box|Post[ \t]?box)[ \t]+\d/giu;
// case-insensitive: a lower-cased military address (psc 5420, box 2708 / apo aa 33879) is still one
const MILITARY =
  /(?<![\p{L}\p{N}])(?:(?:PSC|CMR|Unit)[ \t]+\d{1,5},?[ \t]+Box[ \t]+\d{1,5}|(?:USNS|USNV|USS|USCGC)[ \t]+\p{Lu}[\p{L}\p{M}'’-]*(?:[ \t]+\p{Lu}[\p{L}\p{M}'’-]*)?)[ \t]*,?[ \t]*\n?[ \t>]*[AFD]PO[ \t]+A[AEP][ \t]+\d{5}(?:-\d{4})?(?![\p{L}\p{N}])/giu;

export const addressEn = defineRecognizer({
  name: 'address_en',
  category: 'home_address',
  description: 'English/European street addresses, PO boxes and US military addresses',
  options: recognizerOptions(0.9, {}),
  context: [
    'address',
    'addr',
    'lives at',
    'live at',
    'living at',
    'lives on',
    'live in',
    'lived in',
    'located at',
    'send it to',
    'sent to',
    'ship to',
    'deliver to',
    'mail to',
    'return to',
    'home',
    'residence',
    'moved to',
    'corner of',
    '住址',
    '地址',
  ],
  gate: /\d/,
  minDigits: 1,
  compile: () => (text) => {
    // no per-call closures: tsx's keepNames wraps each one in __name on every call
    const found: Parsed[] = [];
    if (/po /i.test(text)) {
      MILITARY.lastIndex = 0;
      for (let m = MILITARY.exec(text); m !== null; m = MILITARY.exec(text)) found.push(military(m.index, m[0].length));
    }
    // each scan keeps its own candidates apart (a floor per scan); dedupe() settles overlaps between scans
    let floor = 0;
    if (/box/i.test(text)) {
      PO_START.lastIndex = 0;
      for (let m = PO_START.exec(text); m !== null; m = PO_START.exec(text)) {
        if (m.index < floor) continue;
        const core = poBox(text, m.index);
        const p = core ? extend(text, core, 0.5) : null;
        if (p && p.start >= floor) {
          found.push(p);
          floor = p.end;
        }
      }
    }
    floor = 0;
    DIGITS.lastIndex = 0;
    for (let m = DIGITS.exec(text); m !== null; m = DIGITS.exec(text)) {
      if (m.index < floor) continue;
      const p = street(text, m.index, floor);
      if (p && p.start >= floor) {
        found.push(p);
        floor = p.end;
      }
    }
    const out: Candidate[] = [];
    for (const p of dedupe(found)) {
      const value = text.slice(p.start, p.end).replace(/\s+/g, ' ').toLowerCase();
      out.push(candidate(p.start, p.end, value, p.confidence, redactText(value)));
    }
    return out;
  },
});

function military(start: number, length: number): Parsed {
  return { start, end: start + length, confidence: 0.75 };
}

function street(text: string, pos: number, floor: number): Parsed | null {
  const ahead = numberFirst(text, pos);
  // a name before the number needs "<letter><space><digit>"; checked here before the regex work
  const before = pos >= 2 ? text.charCodeAt(pos - 1) : 0;
  const named = (before === 32 || before === 9) && /\p{L}|[./]/u.test(text[pos - 2]!);
  const behind = named ? nameFirst(text, pos, floor) : null;
  if (behind && behind.typed) {
    // "Brucker Bundesstrasse 31 Zezig Streets": a typed name before the number joins a typed street after it
    const end = ahead?.typed ? ahead.end : behind.end;
    return extend(text, { ...behind, end, cased: behind.cased || !!ahead?.cased }, behind.cased ? 0.55 : 0.35);
  }
  if (ahead) {
    let base = (ahead.typed ? 0.6 : 0.45) - (ahead.cased ? 0 : 0.2);
    // "87818 Dalmatinova 68": building number, name, house number; a year or a small count is no building number
    const first = /^\d+/.exec(text.slice(pos, pos + 7))![0];
    if (!ahead.typed && ahead.houseNumberAfter && ahead.cased && /^\d{3,6}$/.test(first) && !YEAR.test(first))
      base = 0.5;
    // "Storgarden 52 Trajanka Forks": one or two capitalised words before the number name the building or estate
    const lead = ahead.typed && ahead.cased && behind?.cased ? LEAD.exec(text.slice(behind.start, pos)) : null;
    return extend(text, lead ? { ...ahead, start: behind!.start } : ahead, base);
  }
  if (behind) return extend(text, behind, behind.cased ? 0.2 : 0.1);
  return null;
}

const YEAR = /^(?:19|20)\d{2}$/;
const LEAD = /^\p{Lu}[\p{L}\p{M}'’-]*(?:[ \t]\p{Lu}[\p{L}\p{M}'’-]*)?[ \t]$/u;

/** Candidates from the three scans may overlap: keep the earliest, then the longest. */
function dedupe(all: Parsed[]): Parsed[] {
  if (all.length <= 1) return all;
  const sorted = all.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Parsed[] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last && p.start < last.end) continue;
    out.push(p);
  }
  return out;
}
