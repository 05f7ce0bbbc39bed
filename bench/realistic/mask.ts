/**
 * The scanner's redacted snippet, masked further for anything committed from real data: digits become #, and past
 * its first two characters every letter or CJK character becomes * (so no place, domain or name survives).
 */
export function masked(snippet: string): string {
  const d = snippet.replace(/\p{Nd}/gu, '#');
  return d.slice(0, 2) + d.slice(2).replace(/[\p{L}\p{N}]/gu, '*');
}
