/** Per-class figures of bench/realistic from the per-unit outcomes. */
import type { UnitOutcome } from './pipeline-run.js';
import type { Unit } from './units.js';

export interface ClassFigures {
  readonly cls: string;
  readonly units: number;
  readonly posts: number;
  readonly warned: number;
  readonly warnedShare: number;
  /** warned no later than the post at 10% of the unit's posts, as a share of all units of the class */
  readonly warnedEarlyShare: number;
  readonly medianWarnFraction: number | null;
  readonly popup: number;
  readonly throttled: number;
  readonly review: number;
  /** the commonest reasons (detector:code) and categories at first warning, with counts */
  readonly topReasons: [string, number][];
  readonly topCategories: [string, number][];
}

const top = (counts: Map<string, number>, n: number): [string, number][] =>
  [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n);

export function classFigures(units: readonly Unit[], outcomes: readonly UnitOutcome[]): ClassFigures[] {
  const by = new Map<string, number[]>();
  units.forEach((u, i) => by.set(u.cls, [...(by.get(u.cls) ?? []), i]));
  return [...by.keys()].sort().map((cls) => {
    const idx = by.get(cls)!;
    const os = idx.map((i) => outcomes[i]!);
    const warned = os.filter((o) => o.firstWarn !== null);
    const reasons = new Map<string, number>();
    const cats = new Map<string, number>();
    for (const o of warned) {
      for (const r of new Set(o.reasons)) reasons.set(r, (reasons.get(r) ?? 0) + 1);
      for (const c of o.categories) cats.set(c, (cats.get(c) ?? 0) + 1);
    }
    const fr = warned.map((o) => o.warnFraction!).sort((a, b) => a - b);
    const count = (a: string): number => os.filter((o) => (o.actions[a] ?? 0) > 0).length;
    return {
      cls,
      units: idx.length,
      posts: idx.reduce((s, i) => s + units[i]!.posts.length, 0),
      warned: warned.length,
      warnedShare: idx.length ? warned.length / idx.length : NaN,
      warnedEarlyShare: idx.length ? os.filter((o) => o.warnedEarly).length / idx.length : NaN,
      medianWarnFraction: fr.length ? fr[Math.floor(fr.length / 2)]! : null,
      popup: count('popup_warning'),
      throttled: count('throttle'),
      review: count('review_takedown'),
      topReasons: top(reasons, 5),
      topCategories: top(cats, 6),
    };
  });
}
