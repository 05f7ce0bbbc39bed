/** A compiled `graph.linkPatterns` entry: a URL shape that names a platform's post. */
export interface LinkPattern {
  readonly platform: string;
  readonly regex: RegExp;
}

export function compileLinkPatterns(patterns: readonly { platform: string; pattern: string }[]): LinkPattern[] {
  return patterns.map((p) => ({ platform: p.platform, regex: new RegExp(p.pattern) }));
}

/** Node keys (`platform:postId`) of the posts that these URLs name, in URL order, without repeats. */
export function linkedNodeKeys(urls: readonly string[], patterns: readonly LinkPattern[], self: string): string[] {
  const out: string[] = [];
  for (const url of urls) {
    for (const p of patterns) {
      const id = p.regex.exec(url)?.groups?.id;
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
