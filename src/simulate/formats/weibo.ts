import type { RepostEventInput } from '../../contract/index.js';
import { midOfBid } from '../../formats/index.js';
import { timeMs, type FormatEncoder } from './types.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** Weibo's created_at, in China time: `Mon Jan 05 16:01:58 +0800 2026` (whole seconds). */
export function weiboTime(ms: number): string {
  const d = new Date(ms + 8 * 3600_000);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0800 ${d.getUTCFullYear()}`;
}

/**
 * Weibo: reposts name the original in retweeted_status; answers and quotes are comments. A post's mid is
 * numeric; the simulator's ids are the base-62 bids its URLs show (weibo.com/<uid>/<bid>), so the mid is
 * the bid decoded, as Weibo's own are.
 */
export const weiboEncoder: FormatEncoder = {
  idOf: (e) => (/^\d+$/.test(e.postId) ? e.postId : (midOfBid(e.postId) ?? e.postId)),
  accountOf: (a) => a,
  encode(e: RepostEventInput, ids) {
    const id = (p: string | null | undefined): string => ids.get(p ?? '') ?? String(p);
    const status = {
      created_at: weiboTime(timeMs(e.createdAt)),
      mid: this.idOf(e),
      idstr: this.idOf(e),
      text: e.text ?? '',
      user: { id: e.authorId, idstr: e.authorId, followers_count: e.authorFollowers ?? 0 },
      ...(e.mediaHashes?.length ? { pic_ids: e.mediaHashes } : {}),
    };
    if (e.kind === 'post') return status;
    if (e.kind === 'repost')
      return { ...status, retweeted_status: { created_at: status.created_at, mid: id(e.rootId ?? e.parentId) } };
    return {
      ...status,
      status: { created_at: status.created_at, mid: id(e.rootId ?? e.parentId) },
      ...(e.parentId !== e.rootId ? { reply_comment: { created_at: status.created_at, mid: id(e.parentId) } } : {}),
    };
  },
};
