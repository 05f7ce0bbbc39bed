/**
 * Normalisation before recognition: full-width to half-width, zero-width and
 * soft-hyphen removal, Cyrillic look-alikes, O/l/I between digits, and runs
 * of Chinese numerals (一三八…) as digits. Offsets into the normalised text
 * map back to the original through `toOriginal`.
 *
 * Fast path: text with nothing to change is returned as is (no copy, no map).
 */
export interface Normalised {
  readonly text: string;
  /** original offset of each normalised offset (length text.length + 1); null when identical */
  readonly map: Int32Array | null;
  /** true when the normalised text holds no ASCII digit (found by the same pass, so callers need not look) */
  readonly noDigits: boolean;
}

// Characters that need the slow path: full-width forms, ideographic space,
// NBSP, zero-width and bidi marks, soft hyphen, BOM, Cyrillic look-alikes.
const SLOW =
  /[\uFF01-\uFF5E\u3000\u00A0\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF\u0430\u0435\u043E\u0440\u0441\u0445\u0443\u0410\u0415\u041E\u0420\u0421\u0425]/;
const DROP = /[\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/;
const WIDE = /[\uFF01-\uFF5E\u3000\u00A0\u0410-\u0445]/g;
function widen(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c >= 0xff01 && c <= 0xff5e) return String.fromCharCode(c - 0xfee0);
  if (c === 0x3000 || c === 0x00a0) return ' ';
  return String.fromCharCode(CYRILLIC[c] ?? c);
}
const CYRILLIC: Readonly<Record<number, number>> = {
  0x0430: 0x61, // а
  0x0435: 0x65, // е
  0x043e: 0x6f, // о
  0x0440: 0x70, // р
  0x0441: 0x63, // с
  0x0445: 0x78, // х
  0x0443: 0x79, // у
  0x0410: 0x41,
  0x0415: 0x45,
  0x041e: 0x4f,
  0x0420: 0x50,
  0x0421: 0x43,
  0x0425: 0x58,
};

const CN_DIGITS: Readonly<Record<string, string>> = {
  〇: '0',
  零: '0',
  洞: '0',
  一: '1',
  幺: '1',
  壹: '1',
  二: '2',
  两: '2',
  贰: '2',
  貳: '2',
  三: '3',
  叁: '3',
  參: '3',
  四: '4',
  肆: '4',
  五: '5',
  伍: '5',
  六: '6',
  陆: '6',
  陸: '6',
  七: '7',
  柒: '7',
  拐: '7',
  八: '8',
  捌: '8',
  九: '9',
  玖: '9',
  勾: '9',
};
const CN_NUM = '〇零洞一幺壹二两贰貳三叁參四肆五伍六陆陸七柒拐八捌九玖勾';
// a run of at least 7 numerals/digits (a phone, an id): 一三八一二三四五六七八
const CN_RUN = new RegExp(`[${CN_NUM}\\d](?:[ \\-]?[${CN_NUM}\\d]){6,}`, 'g');
const CN_ONE = new RegExp(`[${CN_NUM}]`, 'g');
// look-alike letters between digits: 138O0l23456 -> 13800123456
const LOOKALIKE = /(?<=\d[ \-.]?)[OolI|](?=[ \-.]?\d)/g;
const LOOKALIKE_DIGIT: Readonly<Record<string, string>> = { O: '0', o: '0', l: '1', I: '1', '|': '1' };

// One table lookup per character replaces three regex scans on the common path (short posts with nothing to change).
const F_SLOW = 1;
const F_CN = 2;
const F_DIGIT = 4;
const FLAGS = new Uint8Array(65536);
for (let c = 0; c < 65536; c++) if (SLOW.test(String.fromCharCode(c))) FLAGS[c] = F_SLOW;
for (const ch of CN_NUM) FLAGS[ch.charCodeAt(0)]! |= F_CN;
for (let c = 48; c <= 57; c++) FLAGS[c] = F_DIGIT;

export function normalise(original: string): Normalised {
  let text = original;
  let map: Int32Array | null = null;
  let flags = 0;
  for (let i = 0; i < text.length; i++) flags |= FLAGS[text.charCodeAt(i)]!;
  // no digit, no Chinese numeral, no full-width form (which may be a full-width digit): no digit after either
  const noDigits = (flags & (F_DIGIT | F_CN | F_SLOW)) === 0;
  if (flags === 0) return { text, map, noDigits };
  if (flags & F_SLOW) {
    // only dropped characters shift offsets; the common case (full-width punctuation) is a 1:1 replace
    if (DROP.test(text)) ({ text, map } = slowPass(text));
    else text = text.replace(WIDE, widen);
  }
  // The two passes below keep the length, so the map stays valid.
  if (flags & F_CN) {
    text = text.replace(CN_RUN, (run) =>
      /\d/.test(run) || run.length >= 7 ? run.replace(CN_ONE, (c) => CN_DIGITS[c] ?? c) : run,
    );
  }
  if ((flags & (F_DIGIT | F_SLOW | F_CN)) !== 0 && /\d[ \-.]?[OolI|][ \-.]?\d/.test(text))
    text = text.replace(LOOKALIKE, (c) => LOOKALIKE_DIGIT[c] ?? c);
  return { text, map, noDigits };
}

function slowPass(src: string): { text: string; map: Int32Array } {
  const out = new Uint16Array(src.length);
  const map = new Int32Array(src.length + 1);
  let n = 0;
  for (let i = 0; i < src.length; i++) {
    let c = src.charCodeAt(i);
    if (c === 0x00ad || (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e)) continue;
    if ((c >= 0x2060 && c <= 0x2064) || c === 0xfeff) continue;
    if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
    else if (c === 0x3000 || c === 0x00a0) c = 0x20;
    else if (c >= 0x0410 && c <= 0x0445) c = CYRILLIC[c] ?? c;
    out[n] = c;
    map[n] = i;
    n++;
  }
  map[n] = src.length;
  let text = '';
  const CHUNK = 8192;
  for (let i = 0; i < n; i += CHUNK) text += String.fromCharCode(...out.subarray(i, Math.min(n, i + CHUNK)));
  return { text, map: map.subarray(0, n + 1) };
}

/** Original offset of a normalised offset. */
export function toOriginal(norm: Normalised, offset: number): number {
  return norm.map ? norm.map[offset]! : offset;
}
