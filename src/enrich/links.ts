/**
 * A `graph.linkPatterns` entry: a URL shape that names a platform's post. The post id is the pattern's `id`
 * group, or `id` the template that builds it from named groups (`$<name>`), for platforms whose ids are not
 * in their URLs as they are: Bluesky's at:// URIs, Reddit's fullnames.
 */
export interface LinkPatternSpec {
  readonly platform: string;
  readonly pattern: string;
  readonly id?: string | PostIdOf | undefined;
}

/** Builds a post id from a URL's named groups (an adapter's own mapping); undefined: the URL names none. */
export type PostIdOf = (groups: Readonly<Record<string, string | undefined>>) => string | undefined;

/** A compiled `graph.linkPatterns` entry. */
export interface LinkPattern {
  readonly platform: string;
  readonly regex: RegExp;
  readonly id: string | PostIdOf | null;
}

export function compileLinkPatterns(patterns: readonly LinkPatternSpec[]): LinkPattern[] {
  return patterns.map((p) => ({ platform: p.platform, regex: new RegExp(p.pattern), id: p.id ?? null }));
}

/** The post id a URL names under a pattern, or undefined. */
function postIdOf(url: string, p: LinkPattern): string | undefined {
  const groups = p.regex.exec(url)?.groups;
  if (groups === undefined) return undefined;
  if (p.id === null) return groups.id;
  if (typeof p.id === 'function') return p.id(groups);
  let missing = false;
  const id = p.id.replace(/\$<(\w+)>/g, (_, name: string) => {
    const v = groups[name];
    if (v === undefined) missing = true;
    return v ?? '';
  });
  return missing ? undefined : id;
}

/** Node keys (`platform:postId`) of the posts that these URLs name, in URL order, without repeats. */
export function linkedNodeKeys(urls: readonly string[], patterns: readonly LinkPattern[], self: string): string[] {
  const out: string[] = [];
  for (const url of urls) {
    for (const p of patterns) {
      const id = postIdOf(url, p);
      if (id === undefined) continue;
      const key = nodeKey(p.platform, id);
      if (key !== self && !out.includes(key)) out.push(key);
      break;
    }
  }
  return out;
}

export function nodeKey(platform: string, postId: string): string {
  return `${platform}:${postId}`;
}
