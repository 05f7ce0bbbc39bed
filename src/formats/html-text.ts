/**
 * Mastodon's status `content` is sanitised HTML (p, br, a, span). Its text is what detectors read:
 * paragraphs and line breaks become newlines, tags go, entities are decoded. Link targets are read from the
 * anchors except mentions and hashtags (which Mastodon also renders as links).
 */

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, body: string) => {
    if (body[0] !== '#') return NAMED[body.toLowerCase()] ?? whole;
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
  });
}

export function htmlToText(html: string): string {
  const text = html
    .replace(/<\/p>\s*<p(?:\s[^>]*)?>/gi, '\n\n')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '');
  return decodeEntities(text);
}

/** hrefs of the anchors that are links, not mentions or hashtags. */
export function htmlLinks(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<a\s([^>]*)>/gi)) {
    const attrs = m[1]!;
    if (/class="[^"]*\b(?:mention|hashtag)\b/i.test(attrs) || /rel="[^"]*\btag\b/i.test(attrs)) continue;
    const href = /href="([^"]*)"/i.exec(attrs)?.[1];
    if (href !== undefined) out.push(decodeEntities(href));
  }
  return out;
}
