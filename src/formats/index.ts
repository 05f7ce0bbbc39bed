import { jetstream } from './jetstream.js';
import { mastodon } from './mastodon.js';
import { reddit } from './reddit.js';
import type { InputFormat } from '../contract/index.js';
import type { FormatAdapter } from './types.js';
import { weibo } from './weibo.js';
import { x } from './x.js';

export { INPUT_FORMATS, type InputFormat } from '../contract/index.js';
export type { Adapted, AdaptContext, FormatAdapter } from './types.js';
export { htmlToText } from './html-text.js';
export { midOfBid, parseWeiboTime } from './weibo.js';

/** Every platform format's adapter, by `source.format` name (`doxguard`, schema 1 itself, has none). */
export const ADAPTERS: Readonly<Record<Exclude<InputFormat, 'doxguard'>, FormatAdapter>> = {
  jetstream,
  mastodon,
  x,
  reddit,
  weibo,
};
