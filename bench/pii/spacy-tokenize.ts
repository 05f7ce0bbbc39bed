/**
 * An approximation of spaCy's English tokenizer (spacy.blank("en"), the tokenizer en_core_web_sm uses), which
 * presidio-research runs over every sample before scoring: gold spans and predictions become per-token tags, so
 * token boundaries decide where a span starts and ends and which tokens between two spans are skip words.
 *
 * What it reproduces (spaCy 3 tokenizer.pyx and lang/punctuation.py, lang/en): whitespace runs other than one
 * trailing space become tokens of their own ("\n", "\n ", " "); prefix, suffix and infix punctuation are split off
 * in spaCy's order; the abbreviation special cases keep their period ("St.", "Mr.", "u.", "P.O."). What it leaves
 * out: contractions ("don't" -> "do" "n't"), emoticons and unit suffixes after numbers. `--tokens FILE` in run.ts
 * replaces it with real spaCy tokens (bench/pii/spacy_tokens.py) to check that the difference does not matter.
 */
export interface Token {
  readonly text: string;
  readonly start: number;
}

// spaCy's English special cases that are one token with a period (tokenizer_exceptions, orth with ".").
const ABBREVIATIONS = new Set(
  (
    'Adm. Ak. Ala. Apr. Ariz. Ark. Aug. Bros. Calif. Co. Colo. Conn. Corp. D.C. Dec. Del. Dr. E.G. E.g. Feb. Fla. ' +
    'Ga. Gen. Gov. I.E. I.e. Ia. Id. Ill. Inc. Ind. Jan. Jr. Jul. Jun. Kan. Kans. Ky. La. Ltd. Mar. Mass. Md. ' +
    'Messrs. Mich. Minn. Miss. Mo. Mont. Mr. Mrs. Ms. Mt. N.C. N.D. N.H. N.J. N.M. N.Y. Neb. Nebr. Nev. Nov. Oct. ' +
    'Okla. Ore. Pa. Ph.D. Prof. Rep. Rev. S.C. Sen. Sep. Sept. St. Tenn. Va. Wash. Wis. a.m. co. e.g. i.e. p.m. ' +
    'v.s. vs. ä. ö. ü. and/or w/o'
  ).split(' '),
);
for (const c of 'abcdefghijklmnopqrstuvwxyz') ABBREVIATIONS.add(`${c}.`);

const special = (s: string): boolean => ABBREVIATIONS.has(s) || /^(?:[A-Za-z]\.){2,}$/.test(s);

const PUNCT = '…,:;!?¿؟¡()[\\]{}<>_#*&。？！，、；：～·।،۔؛٪';
const QUOTES = `'"”“\`‘´’‚,„»«「」『』（）〔〕【】《》〈〉⟦⟧`;
const CURRENCY = '$£€¥฿₽﷼₴₠₡₢₣₤₥₦₧₨₩₪₫₭₮₯₰₱₲₳₵₶₷₸₹₺₻₼₾₿';
const PREFIX = new RegExp(
  `^(?:§|%|=|—|–|\\+(?![0-9])|\\.\\.+|US\\$|C\\$|A\\$|[${PUNCT}${QUOTES}${CURRENCY}]|(?!°)\\p{So})`,
  'u',
);
const LOWER = `0-9\\p{Ll}\\p{Lo}%²\\-+${PUNCT}`;
const SUFFIX = new RegExp(
  `(?:\\.\\.+|'s|'S|’s|’S|—|–|[${PUNCT}${QUOTES}]|(?!°)\\p{So}|(?<=[0-9])\\+|(?<=°[FfCcKk])\\.` +
    `|(?<=[0-9])[${CURRENCY}%]|(?<=[${LOWER}${QUOTES}])\\.|(?<=\\p{Lu}\\p{Lu})\\.)$`,
  'u',
);
const INFIX = new RegExp(
  `\\.\\.+|…|(?!°)\\p{So}|(?<=[0-9])[+\\-*^](?=[0-9\\-])|(?<=[\\p{Ll}${QUOTES}])\\.(?=[\\p{Lu}${QUOTES}])` +
    `|(?<=\\p{L}),(?=\\p{L})|(?<=[\\p{L}0-9])(?:---|--|——|-|–|—|~)(?=\\p{L})|(?<=[\\p{L}0-9])[:<>=/](?=\\p{L})`,
  'gu',
);
// spaCy's URL_MATCH keeps addresses whole; an e-mail address is the case that matters here
const URL = /^(?:(?:https?|ftp):\/\/|www\.)\S+$|^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$/i;

// the English contractions spaCy splits ("weren't" -> "were" "n't", "I'm" -> "I" "'m")
const CONTRACTION = /^(\p{L}+?)(n['’]t|['’](?:ve|m|re|ll|d))$/u;

/** Tokens of `text` with their start offsets, in order. */
export function tokenizeEn(text: string): Token[] {
  const out: Token[] = [];
  let start = 0;
  let inWs = false;
  for (let i = 0; i <= text.length; i++) {
    const ch = text[i];
    const ws = ch !== undefined && /\s/.test(ch);
    if (ch !== undefined && ws === inWs) continue;
    if (start < i) {
      if (inWs) out.push({ text: text.slice(start, i), start });
      else splitAffixes(text.slice(start, i), start, out);
    }
    if (ch === ' ' && !inWs)
      start = i + 1; // one space after a token is its trailing whitespace
    else start = i;
    inWs = ws;
  }
  return out;
}

function splitAffixes(chunk: string, offset: number, out: Token[]): void {
  const prefixes: string[] = [];
  const suffixes: string[] = [];
  let s = chunk;
  let last = -1;
  while (s.length > 0 && s.length !== last && !special(s)) {
    last = s.length;
    const pre = PREFIX.exec(s)?.[0] ?? '';
    if (pre && special(s.slice(pre.length)) && s.length > pre.length) {
      prefixes.push(pre);
      s = s.slice(pre.length);
      break;
    }
    const rest = s.slice(pre.length);
    const suf = rest.length > 0 ? (SUFFIX.exec(rest)?.[0] ?? '') : '';
    if (suf && s.length > suf.length && special(s.slice(0, -suf.length))) {
      suffixes.push(suf);
      s = s.slice(0, -suf.length);
      break;
    }
    if (pre && suf && pre.length + suf.length <= s.length) {
      prefixes.push(pre);
      suffixes.push(suf);
      s = s.slice(pre.length, s.length - suf.length);
    } else if (pre) {
      prefixes.push(pre);
      s = s.slice(pre.length);
    } else if (suf) {
      suffixes.push(suf);
      s = s.slice(0, -suf.length);
    }
  }
  let at = offset;
  const push = (t: string): void => {
    if (t.length === 0) return;
    out.push({ text: t, start: at });
    at += t.length;
  };
  for (const p of prefixes) push(p);
  if (s.length > 0) {
    const contraction = CONTRACTION.exec(s);
    if (special(s) || URL.test(s)) push(s);
    else if (contraction) {
      push(contraction[1]!);
      push(contraction[2]!);
    } else {
      let from = 0;
      for (const m of s.matchAll(INFIX)) {
        if (m.index === 0 && m[0].length === 0) continue;
        push(s.slice(from, m.index));
        push(m[0]);
        from = m.index + m[0].length;
      }
      push(s.slice(from));
    }
  }
  for (let i = suffixes.length - 1; i >= 0; i--) push(suffixes[i]!);
}
