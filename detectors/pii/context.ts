/**
 * Context enhancement in a character window (Chinese is not split by spaces,
 * so a word window would miss 身份证号码为…). ASCII words match on word
 * boundaries and case-insensitively; other words match as substrings.
 */
export interface ContextMatcher {
  /** true when a context word lies within `window` characters before `start` or after `end` */
  near(text: string, start: number, end: number): boolean;
}

const NEVER: ContextMatcher = { near: () => false };

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function contextMatcher(words: readonly string[], window: number): ContextMatcher {
  const unique = [...new Set(words.map((w) => w.trim()).filter((w) => w.length > 0))];
  if (unique.length === 0 || window <= 0) return NEVER;
  // longest first so that alternation prefers the most specific word
  unique.sort((a, b) => b.length - a.length);
  const parts = unique.map((w) => (/^[\x20-\x7e]+$/.test(w) ? `\\b${escape(w)}\\b` : escape(w)));
  const re = new RegExp(parts.join('|'), 'i');
  return {
    near(text, start, end) {
      const before = text.slice(Math.max(0, start - window), start);
      if (re.test(before)) return true;
      return re.test(text.slice(end, end + window));
    },
  };
}
