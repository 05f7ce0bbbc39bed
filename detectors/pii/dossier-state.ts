import { z } from 'zod';
import { PII_CATEGORIES, type EnrichedEvent, type PiiCategory } from '../../src/contract/index.js';

/**
 * The dossier of one incident: per category disclosed, when and by whom it
 * first appeared, its strongest finding and a bounded set of distinct
 * fingerprints; plus the single post that combined the most categories.
 * Every field is order-independent (min time with id tie-break, smallest
 * fingerprints kept), so duplicates, reordering and merges give one state.
 */
export interface CategoryEntry {
  readonly firstTime: number;
  readonly firstAuthor: string;
  readonly firstEventId: string;
  /** max weight x confidence seen */
  readonly strength: number;
  /** distinct fingerprints, sorted, at most maxFingerprints */
  readonly fingerprints: readonly string[];
}

export interface BestPost {
  readonly eventId: string;
  readonly authorId: string;
  readonly time: number;
  readonly categories: readonly PiiCategory[];
  /** noisy-or of the post's per-category strengths */
  readonly score: number;
  readonly fingerprints: readonly string[];
}

export interface DossierState {
  readonly categories: Readonly<Partial<Record<PiiCategory, CategoryEntry>>>;
  readonly best: BestPost | null;
}

export const EMPTY: DossierState = { categories: {}, best: null };

function earlier(a: CategoryEntry, b: CategoryEntry): boolean {
  if (a.firstTime !== b.firstTime) return a.firstTime < b.firstTime;
  return a.firstEventId < b.firstEventId;
}

function unionSorted(a: readonly string[], b: readonly string[], cap: number): string[] {
  return [...new Set([...a, ...b])].sort().slice(0, cap);
}

export function mergeEntry(a: CategoryEntry | undefined, b: CategoryEntry, cap: number): CategoryEntry {
  if (!a) return { ...b, fingerprints: unionSorted([], b.fingerprints, cap) };
  const first = earlier(a, b) ? a : b;
  return {
    firstTime: first.firstTime,
    firstAuthor: first.firstAuthor,
    firstEventId: first.firstEventId,
    strength: Math.max(a.strength, b.strength),
    fingerprints: unionSorted(a.fingerprints, b.fingerprints, cap),
  };
}

export function betterPost(a: BestPost | null, b: BestPost | null): BestPost | null {
  if (!a) return b;
  if (!b) return a;
  if (a.score !== b.score) return a.score > b.score ? a : b;
  if (a.time !== b.time) return a.time < b.time ? a : b;
  return a.eventId <= b.eventId ? a : b;
}

export interface Thresholds {
  readonly minConfidence: number;
  readonly maxFingerprints: number;
}

/** Fold one event's findings into the dossier. */
export function addEvent(state: DossierState, event: EnrichedEvent, t: Thresholds): DossierState {
  const perCategory = new Map<PiiCategory, { strength: number; fps: Set<string> }>();
  for (const f of event.findings) {
    if (f.confidence < t.minConfidence) continue;
    const e = perCategory.get(f.category) ?? { strength: 0, fps: new Set<string>() };
    e.strength = Math.max(e.strength, f.weight * f.confidence);
    e.fps.add(f.fingerprint);
    perCategory.set(f.category, e);
  }
  if (perCategory.size === 0) return state;
  const categories: Partial<Record<PiiCategory, CategoryEntry>> = { ...state.categories };
  for (const [cat, e] of perCategory) {
    categories[cat] = mergeEntry(
      categories[cat],
      {
        firstTime: event.time,
        firstAuthor: event.authorId,
        firstEventId: event.eventId,
        strength: e.strength,
        fingerprints: [...e.fps],
      },
      t.maxFingerprints,
    );
  }
  const cats = [...perCategory.keys()].sort();
  const post: BestPost = {
    eventId: event.eventId,
    authorId: event.authorId,
    time: event.time,
    categories: cats,
    score: round(1 - cats.reduce((none, c) => none * (1 - perCategory.get(c)!.strength), 1)),
    fingerprints: [...new Set(cats.flatMap((c) => [...perCategory.get(c)!.fps]))].sort().slice(0, t.maxFingerprints),
  };
  return { categories, best: betterPost(state.best, post) };
}

export function mergeStates(a: DossierState, b: DossierState, cap: number): DossierState {
  const categories: Partial<Record<PiiCategory, CategoryEntry>> = { ...a.categories };
  for (const cat of Object.keys(b.categories) as PiiCategory[]) {
    categories[cat] = mergeEntry(categories[cat], b.categories[cat]!, cap);
  }
  return { categories, best: betterPost(a.best, b.best) };
}

export const round = (x: number): number => Math.round(x * 1000) / 1000;

const Category = z.enum(PII_CATEGORIES);
const Entry = z.object({
  firstTime: z.number(),
  firstAuthor: z.string(),
  firstEventId: z.string(),
  strength: z.number().min(0).max(1),
  fingerprints: z.array(z.string()),
});
export const SavedDossier = z.object({
  categories: z.partialRecord(Category, Entry),
  best: z
    .object({
      eventId: z.string(),
      authorId: z.string(),
      time: z.number(),
      categories: z.array(Category),
      score: z.number(),
      fingerprints: z.array(z.string()),
    })
    .nullable(),
});
