import type { PiiCategory } from '../contract/index.js';
import type { PostRef } from './cascade.js';
import type { Planted } from './pii.js';
import type { IncidentKind, PlantedValue, TruthIncident } from './truth.js';

/** Collects the ground truth of one planted incident as its events are written. */
export class IncidentTracker {
  readonly rootKeys: string[] = [];
  readonly platforms: string[] = [];
  readonly eventIds: string[] = [];
  readonly categories: PiiCategory[] = [];
  readonly notices: { noticeId: string; postKey: string; time: number }[] = [];
  jump: TruthIncident['jump'] = null;
  private first = Infinity;
  private last = -Infinity;
  private readonly plantedKeys = new Set<string>();

  constructor(
    readonly incidentId: string,
    readonly kind: IncidentKind,
    readonly lang: 'zh' | 'en',
    readonly publicFigure: boolean,
    private readonly planted: PlantedValue[],
  ) {}

  /** every event of the incident goes through here, in emission order */
  onEvent = (post: PostRef): void => {
    this.eventIds.push(post.eventId);
    if (post.index === 0) this.rootKeys.push(`${post.platform}:${post.postId}`);
    if (!this.platforms.includes(post.platform)) this.platforms.push(post.platform);
    this.touch(post.time);
  };

  touch(time: number): void {
    if (time < this.first) this.first = time;
    if (time > this.last) this.last = time;
  }

  /** values written into an emitted post */
  disclose(values: readonly Planted[]): void {
    for (const v of values) {
      if (!this.categories.includes(v.category)) this.categories.push(v.category);
      const key = `${v.category}\u0000${v.value}`;
      if (v.value === '' || this.plantedKeys.has(key)) continue;
      this.plantedKeys.add(key);
      this.planted.push({ incidentId: this.incidentId, category: v.category, value: v.value, written: v.written });
    }
  }

  toTruth(): TruthIncident {
    return {
      incidentId: this.incidentId,
      incidentKind: this.kind,
      lang: this.lang,
      rootKeys: this.rootKeys,
      platforms: this.platforms,
      eventCount: this.eventIds.length,
      firstEventTime: Number.isFinite(this.first) ? this.first : 0,
      lastEventTime: Number.isFinite(this.last) ? this.last : 0,
      eventIds: this.eventIds,
      piiCategories: this.categories,
      publicFigure: this.publicFigure,
      jump: this.jump,
      notices: this.notices,
    };
  }
}
