import { z } from 'zod';
import {
  IDENTIFYING_CATEGORIES,
  PII_CATEGORIES,
  type EnrichedEvent,
  type PiiCategory,
} from '../../src/contract/index.js';

/**
 * The dossier of one incident: per category disclosed, when and by whom it
 * first appeared, its strongest finding and a bounded set of distinct
 * fingerprints; plus the single post that combined the most categories.
 * Every field is order-independent (min time with id tie-break, smallest
 * fingerprints kept, maxima), so duplicates, reordering and merges give one state.
 *
 * Only disclosures about a person count (detectors/pii/attribution.ts): findings
 * about a person the post points at go to `categories`; findings about nobody
 * named go to `pending`, which counts once the incident has a target (see
 * dossier.ts); the poster's own contact details (`self`) and what a post leaves unnamed on purpose
 * (`anonymised`: a case notice's 李某) are not kept at all.
 */
export interface CategoryEntry {
  readonly firstTime: number;
  readonly firstAuthor: string;
  readonly firstEventId: string;
  /** max weight x confidence seen */
  readonly strength: number;
  /** max confidence seen (an area-level address or a bare number stays below the identifying threshold) */
  readonly confidence: number;
  /**
   * the public-interest judgement of the disclosure: the strongest public role (an official or public figure
   * in a professional context, language/public-interest `publicRoleOf`) of a post that disclosed it. It
   * belongs to the disclosure, so reposts never thin it out.
   */
  readonly role: number;
  /**
   * Whether the person is being exposed rather than mentioned in passing: disclosed in an original post (what a
   * cascade is about), in a post that gathers two or more identifying categories, or by two or more authors
   * (the crowd repeats it). A stray reply among hundreds naming someone's school is chatter.
   */
  readonly exposed: boolean;
  /** the first two distinct authors (sorted): a second author makes the disclosure `exposed` */
  readonly authors: readonly string[];
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

export type Categories = Readonly<Partial<Record<PiiCategory, CategoryEntry>>>;

export interface DossierState {
  /** disclosed about a person the posts point at */
  readonly categories: Categories;
  /** disclosed without anybody named: count once the incident has a target */
  readonly pending: Categories;
  readonly best: BestPost | null;
  /** some post gathered two or more identifying categories (not the poster's own): it is about somebody */
  readonly gathering: boolean;
}

export const EMPTY: DossierState = { categories: {}, pending: {}, best: null, gathering: false };

function earlier(a: CategoryEntry, b: CategoryEntry): boolean {
  if (a.firstTime !== b.firstTime) return a.firstTime < b.firstTime;
  return a.firstEventId < b.firstEventId;
}

function unionSorted(a: readonly string[], b: readonly string[], cap: number): string[] {
  return [...new Set([...a, ...b])].sort().slice(0, cap);
}

export function mergeEntry(a: CategoryEntry | undefined, b: CategoryEntry, cap: number): CategoryEntry {
  if (!a) return { ...b, authors: unionSorted([], b.authors, 2), fingerprints: unionSorted([], b.fingerprints, cap) };
  const first = earlier(a, b) ? a : b;
  return {
    firstTime: first.firstTime,
    firstAuthor: first.firstAuthor,
    firstEventId: first.firstEventId,
    strength: Math.max(a.strength, b.strength),
    confidence: Math.max(a.confidence, b.confidence),
    role: Math.max(a.role, b.role),
    exposed: a.exposed || b.exposed || unionSorted(a.authors, b.authors, 2).length >= 2,
    authors: unionSorted(a.authors, b.authors, 2),
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

/** Fold one event's findings into the dossier. `role` is the post's public role, asked only when it counts. */
export function addEvent(
  state: DossierState,
  event: EnrichedEvent,
  t: Thresholds,
  role: (event: EnrichedEvent) => number,
): DossierState {
  // Made at the first finding that counts: most events carry none (their findings are the shared frozen empty
  // list, which an indexed loop reads without the iterator `for…of` makes), and leave the state as it was
  let perCategory: Map<
    PiiCategory,
    { strength: number; confidence: number; fps: Set<string>; target: boolean }
  > | null = null;
  const { findings } = event;
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i]!;
    if (f.confidence < t.minConfidence || f.about === 'self' || f.about === 'anonymised') continue;
    perCategory ??= new Map();
    const e = perCategory.get(f.category) ?? { strength: 0, confidence: 0, fps: new Set<string>(), target: false };
    e.strength = Math.max(e.strength, f.weight * f.confidence);
    e.confidence = Math.max(e.confidence, f.confidence);
    e.fps.add(f.fingerprint);
    if (f.about === 'target') e.target = true;
    perCategory.set(f.category, e);
  }
  if (perCategory === null) return state;
  const postRole = role(event);
  let identifying = 0;
  for (const c of perCategory.keys()) if (IDENTIFYING_CATEGORIES.has(c)) identifying++;
  const gathering = identifying >= 2;
  const gathered = event.kind === 'post' || gathering;
  const categories: Partial<Record<PiiCategory, CategoryEntry>> = { ...state.categories };
  const pending: Partial<Record<PiiCategory, CategoryEntry>> = { ...state.pending };
  for (const [cat, e] of perCategory) {
    const into = e.target ? categories : pending;
    into[cat] = mergeEntry(
      into[cat],
      {
        firstTime: event.time,
        firstAuthor: event.authorId,
        firstEventId: event.eventId,
        strength: e.strength,
        confidence: e.confidence,
        role: postRole,
        exposed: gathered,
        authors: [event.authorId],
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
  return { categories, pending, best: betterPost(state.best, post), gathering: state.gathering || gathering };
}

export function mergeCategories(a: Categories, b: Categories, cap: number): Categories {
  const out: Partial<Record<PiiCategory, CategoryEntry>> = { ...a };
  for (const cat of Object.keys(b) as PiiCategory[]) out[cat] = mergeEntry(out[cat], b[cat]!, cap);
  return out;
}

export function mergeStates(a: DossierState, b: DossierState, cap: number): DossierState {
  return {
    categories: mergeCategories(a.categories, b.categories, cap),
    pending: mergeCategories(a.pending, b.pending, cap),
    best: betterPost(a.best, b.best),
    gathering: a.gathering || b.gathering,
  };
}

export const round = (x: number): number => Math.round(x * 1000) / 1000;

const Category = z.enum(PII_CATEGORIES);
const Entry = z.object({
  firstTime: z.number(),
  firstAuthor: z.string(),
  firstEventId: z.string(),
  strength: z.number().min(0).max(1),
  confidence: z.number().min(0).max(1),
  role: z.number().min(0).max(1),
  exposed: z.boolean(),
  authors: z.array(z.string()),
  fingerprints: z.array(z.string()),
});
export const SavedDossier = z.object({
  categories: z.partialRecord(Category, Entry),
  pending: z.partialRecord(Category, Entry),
  gathering: z.boolean(),
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
