import type { InputFormat } from '../../contract/index.js';
import type { RepostEventInput } from '../../contract/index.js';
import { jetstreamEncoder } from './jetstream.js';
import { mastodonEncoder } from './mastodon.js';
import { redditEncoder } from './reddit.js';
import type { FormatEncoder } from './types.js';
import { weiboEncoder } from './weibo.js';
import { xEncoder } from './x.js';

export type { FormatEncoder } from './types.js';
export { weiboTime } from './weibo.js';
export { bskyUrl, crossPlatformDemo } from './cross-platform.js';

export const ENCODERS: Readonly<Record<Exclude<InputFormat, 'doxguard'>, FormatEncoder>> = {
  jetstream: jetstreamEncoder,
  mastodon: mastodonEncoder,
  x: xEncoder,
  reddit: redditEncoder,
  weibo: weiboEncoder,
};

/** Each event's id in the format, by its schema-1 postId (platform-qualified, as ids repeat across platforms). */
export function formatIds(encoder: FormatEncoder, events: readonly RepostEventInput[]): Map<string, string> {
  return new Map(events.map((e) => [e.postId, encoder.idOf(e)]));
}
