import type { EnrichedEvent } from '../../../src/contract/index.js';
import { IncidentStore } from '../../../src/incident/index.js';
import { enriched, T0 } from '../../helpers/events.js';

/** A store that links on media and fingerprints (3 posts per key at most) and keeps 10 recent posts. */
export const store = (): IncidentStore =>
  new IncidentStore({ linkByMediaHash: true, linkByFingerprint: true, maxPostsPerLinkKey: 3, recentPosts: 10 });

/** An event of post `id` (weibo unless said) at T0 unless said. */
export const ev = (id: string, o: Partial<EnrichedEvent> = {}): EnrichedEvent =>
  enriched({ eventId: `e-${id}`, postId: id, time: T0, ...o, nodeKey: `${o.platform ?? 'weibo'}:${id}` });
