/**
 * The evaluation's unit: one cascade (real, laid on a real structure, or a
 * fabricated case overlaid on a real host), with its posts in time order and
 * the class it is scored under. Post ids are `<tag>p<n>` (alphanumeric, so a
 * Weibo post URL can name one), the tag naming the unit.
 */
import type { Split } from './split.js';

export type EventKind = 'post' | 'repost' | 'reply' | 'quote';

export interface UnitPost {
  /** index of the parent post in the unit, null for a root */
  parent: number | null;
  /** event time, epoch ms */
  time: number;
  text: string;
  /** pseudonymous author, unique within the unit */
  author: string;
  kind: EventKind;
  /** platform of the post (a cross-platform jump puts part of a unit on another platform) */
  platform?: string;
  mentions?: { accountId: string; publicFigure?: boolean }[];
  urls?: string[];
  mediaHashes?: string[];
}

export type Lang = 'zh' | 'en';

export interface Unit {
  /** where the unit comes from: `<sourceFile>:<unitId>` (the split's key) */
  readonly sourceFile: string;
  readonly unitId: string;
  readonly split: Split;
  /** the class it is scored under: `real:<corpus>`, `laid:<corpus>`, `doxxing:<kind>`, `hard:<kind>` */
  cls: string;
  readonly lang: Lang;
  platform: string;
  posts: UnitPost[];
}

/** Orders posts by time (stably) and re-points parents; a parent that would come later becomes the root. */
export function inTimeOrder(posts: UnitPost[]): UnitPost[] {
  const order = posts.map((p, i) => ({ p, i })).sort((a, b) => a.p.time - b.p.time || a.i - b.i);
  const at = new Map<number, number>();
  order.forEach((o, j) => at.set(o.i, j));
  return order.map((o, j) => {
    if (o.p.parent === null) return o.p;
    const parent = at.get(o.p.parent)!;
    return { ...o.p, parent: parent < j ? parent : j === 0 ? null : 0 };
  });
}

/** `@name` tags outside Weibo's `//@name:` repost chains: the accounts a post points at (ids hashed by the caller). */
export function taggedNames(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?<!\/\/)@([\p{L}\p{N}_-]{2,30})/gu)) out.push(m[1]!);
  return out;
}

/** A deterministic, short, non-reversible id for a name (a handle in a real post never enters the pipeline's input as is). */
export function pseudonym(prefix: string, name: string): string {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return `${prefix}${(h >>> 0).toString(36)}`;
}
