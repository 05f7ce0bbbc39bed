import { candidate, recognizerOptions, type Candidate, type MatchFn } from '../recognizer.js';
import { redactText } from '../redact.js';

/**
 * Shared shape of the cue recognizers (workplace, school, family, health,
 * private chats, real names): facts that are phrases, not digit strings.
 * Each pattern's first capture group, when present, is the disclosed value
 * (a company, a school, a name); otherwise the whole cue is.
 */
export interface CuePattern {
  readonly re: RegExp;
  readonly confidence: number;
}

export const cueOptions = (weight: number) => recognizerOptions(weight, {});

/** `quick`: a cheap pre-test; leave it out when it would repeat the recognizer's gate (the engine tests that). */
export function cueMatcher(patterns: readonly CuePattern[], quick: RegExp | null = null): MatchFn {
  return (text) => {
    const out: Candidate[] = [];
    if (quick && !quick.test(text)) return out;
    for (const { re, confidence } of patterns) {
      re.lastIndex = 0; // exec in a loop: matchAll clones the regex on every call
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        const value = (m[1] ?? m[0]).trim();
        if (value.length < 2) continue;
        const start = m[1] !== undefined ? m.index + m[0].indexOf(m[1]) : m.index;
        const end = m[1] !== undefined ? start + m[1].length : m.index + m[0].length;
        const snippet = m[1] !== undefined ? redactText(value) : `[${value.toLowerCase()}]`;
        out.push(candidate(start, end, value.toLowerCase(), confidence, snippet));
      }
    }
    return out;
  };
}
