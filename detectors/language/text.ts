import { NEGATION_EN, NEGATION_ZH, NEWS_FRAME, type Cue } from './lexicon.js';

/** One cue found in a text, after negation and quotation handling. */
export interface CueHit {
  readonly code: string;
  /** the cue's weight, 0 when negated */
  readonly weight: number;
  readonly negated: boolean;
  /** the cue is a call to find or harass a person (lexicon.ts `Cue.call`) */
  readonly call: boolean;
}

export interface TextAnalysis {
  /** the text is framed as a news report, warning or commentary */
  readonly reported: boolean;
  readonly hits: readonly CueHit[];
}

const QUOTED = /“[^”]{0,200}”|"[^"]{0,200}"|「[^」]{0,200}」|『[^』]{0,200}』|‘[^’]{0,200}’/g;
const OPENING_QUOTE = /[“"「『‘]/;
const CLAUSE = /(?<=[。!?;；\n])|[,，](?=\s*(?:but|但|可是|不过))/;

const FOLDED = /[\uff01-\uff5e’‘`]/;

/** Lower case, full-width ASCII folded, typographic apostrophes straightened. */
export function normalise(text: string): string {
  // most posts hold nothing to fold: one scan instead of two replace passes
  if (!FOLDED.test(text)) return text.toLowerCase();
  return text
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[’‘`]/g, "'")
    .toLowerCase();
}

/** Text with quoted passages blanked: quoting a call is not making it. */
export function stripQuotes(text: string): string {
  // every quoted passage starts with one of these: without one there is nothing to blank
  if (!OPENING_QUOTE.test(text)) return text;
  return text.replace(QUOTED, (m) => ' '.repeat(m.length));
}

export function isReported(text: string): boolean {
  return NEWS_FRAME.some((re) => re.test(text));
}

function negatedBefore(clause: string, index: number): boolean {
  const before = clause.slice(Math.max(0, index - 24), index);
  return NEGATION_ZH.test(before.slice(-6)) || NEGATION_EN.test(before);
}

/**
 * The text normalised with its quoted passages blanked, for the last text
 * asked about: the language detectors each read the same post in turn, so
 * the work is done once per post. A cache of one entry, invisible from
 * outside (same input, same output).
 */
let lastText: string | null = null;
let last: { readonly norm: string; readonly unquoted: string } = { norm: '', unquoted: '' };
export function prepared(text: string): { readonly norm: string; readonly unquoted: string } {
  if (text !== lastText) {
    const norm = normalise(text);
    // a fresh (immutable) object per text, shared by every caller asking about it
    last = { norm, unquoted: stripQuotes(norm) };
    lastText = text;
  }
  return last;
}

/** One regex matching wherever any of `res` would (no flags, no back-references: the union is exact for `test`). */
const unions = new WeakMap<readonly RegExp[], RegExp>();
export function anyOf(res: readonly RegExp[]): RegExp {
  let re = unions.get(res);
  if (!re) {
    re = new RegExp(res.map((r) => `(?:${r.source})`).join('|'));
    unions.set(res, re);
  }
  return re;
}

/** One regex matching wherever any cue of the list could (a clause is part of its text). */
const anyCueOf = new WeakMap<readonly Cue[], RegExp>();
export function anyCue(cues: readonly Cue[]): RegExp {
  let re = anyCueOf.get(cues);
  if (!re) {
    re = anyOf(cues.map((c) => c.re));
    anyCueOf.set(cues, re);
  }
  return re;
}

/** Whether a text may hold a cue of the list: false means `analyse` finds no hits. */
export function mayHaveCue(text: string, cues: readonly Cue[]): boolean {
  return text !== '' && anyCue(cues).test(prepared(text).unquoted);
}

/**
 * Finds the cues in a text: quoted passages are ignored, each cue is checked
 * for a negation shortly before it in its clause, and the text as a whole is
 * checked for news framing.
 */
export function analyse(text: string, cues: readonly Cue[]): TextAnalysis {
  const { norm, unquoted } = prepared(text);
  const reported = isReported(norm);
  const hits: CueHit[] = [];
  if (!anyCue(cues).test(unquoted)) return { reported, hits };
  for (const clause of unquoted.split(CLAUSE)) {
    if (clause.trim() === '') continue;
    for (const cue of cues) {
      const m = cue.re.exec(clause);
      if (!m) continue;
      const negated = negatedBefore(clause, m.index);
      hits.push({ code: cue.code, weight: negated ? 0 : cue.weight, negated, call: cue.call === true });
    }
  }
  return { reported, hits };
}

/** Strength of a text's cues, 0..1: the strongest un-negated cue, a little more for several; 0 when reported. */
export function cueStrength(a: TextAnalysis): number {
  if (a.reported) return 0;
  const weights = a.hits.map((h) => h.weight).filter((w) => w > 0);
  if (weights.length === 0) return 0;
  const max = Math.max(...weights);
  return Math.min(1, max + 0.15 * (weights.length - 1));
}

/** Whether a text makes a call to find or harass a person (un-negated, not reported). */
export function makesCall(a: TextAnalysis): boolean {
  return !a.reported && a.hits.some((h) => h.call && h.weight > 0);
}
