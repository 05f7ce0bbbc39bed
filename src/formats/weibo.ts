import { z } from 'zod';
import { invalid, invalidShape, linksInText, mentionsOf, schemaOneEvent } from './map-helpers.js';
import type { AdaptContext, Adapted, FormatAdapter } from './types.js';

/**
 * Weibo statuses as the open API returns them (`mid`, `text`, `user`, `retweeted_status`, `pic_ids`,
 * `created_at` as `Tue May 31 17:46:55 +0800 2011`), bare or in the commercial push envelope
 * `{id, text: {type: 'status' | 'comment', event: 'add' | 'delete', status | comment}}`. A repost names the
 * original in `retweeted_status` (Weibo flattens chains: a repost of a repost names the original, the
 * intermediate reposters appear only in the text as `//@name:`), so reposts attach to the original. A
 * comment answers its status. Mentions are the `@name` in the text (Weibo carries no mention list);
 * `user.verified_type` 1–7 (government, media, organisations) marks an official author, not used here.
 */

const User = z.looseObject({
  id: z.union([z.number(), z.string()]),
  idstr: z.string().optional(),
  followers_count: z.number().int().nonnegative().optional(),
  created_at: z.unknown().optional().describe("when the account was created, in Weibo's time format"),
});
const Base = z.looseObject({
  created_at: z.string().min(1).describe('e.g. Tue May 31 17:46:55 +0800 2011'),
  id: z.union([z.number(), z.string()]).optional(),
  idstr: z.string().optional(),
  mid: z.union([z.string(), z.number()]).optional(),
  text: z.string().default(''),
  user: User.nullable().optional(),
  pic_ids: z.array(z.string()).optional(),
});
export const WeiboStatus = Base.extend({ retweeted_status: Base.nullable().optional() });
export const WeiboComment = Base.extend({ status: Base, reply_comment: Base.nullable().optional() });
export const WeiboPush = z.looseObject({
  id: z.union([z.number(), z.string()]).optional(),
  text: z.looseObject({
    type: z.string(),
    event: z.string(),
    status: z.record(z.string(), z.unknown()).optional(),
    comment: z.record(z.string(), z.unknown()).optional(),
  }),
});

const MONTHS: Record<string, number> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};
const WEIBO_TIME = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$/;

/** Weibo's `created_at` (`Tue May 31 17:46:55 +0800 2011`) as epoch ms; null when it is not that format. */
export function parseWeiboTime(s: string): number | null {
  const f = WEIBO_TIME.exec(s);
  if (f === null) return null;
  const month = MONTHS[f[1]!];
  const [day, hour, minute, second, oh, om, year] = [f[2], f[3], f[4], f[5], f[7], f[8], f[9]].map(Number) as number[];
  if (month === undefined || day! < 1 || day! > 31 || hour! > 23 || minute! > 59 || second! > 59) return null;
  const utc = Date.UTC(year!, month, day!, hour!, minute!, second!);
  if (new Date(utc).getUTCDate() !== day) return null;
  return utc - (f[6] === '-' ? -1 : 1) * (oh! * 60 + om!) * 60_000;
}

type Status = z.infer<typeof Base>;
const idOf = (s: Status): string | null => {
  const v = s.mid ?? s.idstr ?? s.id;
  return v === undefined ? null : String(v);
};
const userOf = (s: Status): string | null => (s.user ? (s.user.idstr ?? String(s.user.id)) : null);

/** `@name` in Weibo text, up to a space, punctuation or `:` (the repost chain's `//@name:`). */
function mentionedNames(text: string): string[] {
  return [...text.matchAll(/@([\p{L}\p{N}_-]{1,30})/gu)].map((m) => m[1]!);
}

function adapt(message: Record<string, unknown>, ctx: AdaptContext): Adapted {
  if (typeof message.text === 'object' && message.text !== null) {
    const p = WeiboPush.safeParse(message);
    if (!p.success) return invalidShape('weibo push', p.error);
    const { type, event, status, comment } = p.data.text;
    if (type === 'comment' && comment) return event === 'delete' ? removal(comment, ctx) : fromComment(comment, ctx);
    if (type !== 'status' || !status) return { kind: 'skip', what: type === 'user' ? 'user' : 'other' };
    return event === 'delete' ? removal(status, ctx) : fromStatus(status, ctx);
  }
  return 'status' in message ? fromComment(message, ctx) : fromStatus(message, ctx);
}

function timeOf(s: Status): number | null {
  return parseWeiboTime(s.created_at);
}

function removal(json: Record<string, unknown>, ctx: AdaptContext): Adapted {
  const s = Base.safeParse(json);
  if (!s.success) return invalidShape('weibo delete', s.error);
  const id = idOf(s.data);
  if (id === null) return invalid('weibo delete without mid or id');
  const created = timeOf(s.data);
  const time = ctx.lastTime ?? created;
  if (time === null)
    return invalid(`weibo created_at ${JSON.stringify(s.data.created_at).slice(0, 40)} is not Weibo's format`);
  return { kind: 'delete', platform: ctx.platform, postId: id, time };
}

function fromStatus(json: Record<string, unknown>, ctx: AdaptContext): Adapted {
  const r = WeiboStatus.safeParse(json);
  if (!r.success) return invalidShape('weibo status', r.error);
  const s = r.data;
  const original = s.retweeted_status ? idOf(s.retweeted_status) : null;
  return build(s, ctx, original === null ? 'post' : 'repost', original, original);
}

function fromComment(json: Record<string, unknown>, ctx: AdaptContext): Adapted {
  const r = WeiboComment.safeParse(json);
  if (!r.success) return invalidShape('weibo comment', r.error);
  const c = r.data;
  const root = idOf(c.status);
  const parent = c.reply_comment ? idOf(c.reply_comment) : root;
  return build(c, ctx, 'reply', parent, root);
}

function build(
  s: Status,
  ctx: AdaptContext,
  kind: 'post' | 'repost' | 'reply',
  parent: string | null,
  root: string | null,
): Adapted {
  const id = idOf(s);
  const author = userOf(s);
  if (id === null || author === null) return invalid('weibo status without mid/id or user');
  const time = timeOf(s);
  if (time === null)
    return invalid(`weibo created_at ${JSON.stringify(s.created_at).slice(0, 40)} is not Weibo's format`);
  return schemaOneEvent(ctx, {
    eventId: id,
    kind,
    postId: id,
    parentId: parent,
    rootId: kind === 'post' ? id : root,
    authorId: author,
    authorFollowers: s.user?.followers_count ?? null,
    authorCreatedAt: typeof s.user?.created_at === 'string' ? parseWeiboTime(s.user.created_at) : null,
    createdAt: time,
    text: s.text,
    // links as written in the text (the open API writes most as t.cn short links, which name no post here)
    urls: linksInText(s.text),
    mediaHashes: s.pic_ids ?? [],
    mentions: mentionsOf(mentionedNames(s.text), ctx),
  });
}

export const weibo: FormatAdapter = {
  name: 'weibo',
  platform: 'weibo',
  skipKinds: ['user', 'other'],
  shape: z.union([WeiboPush, WeiboStatus, WeiboComment]),
  adapt,
  recognises: (m) =>
    'mid' in m ||
    'idstr' in m ||
    (typeof m.text === 'object' && m.text !== null) ||
    (typeof m.created_at === 'string' && typeof m.user === 'object'),
  // a status URL names it by its base-62 bid (weibo.com/<uid>/<bid>) or its numeric mid (m.weibo.cn/detail/<mid>)
  linkPatterns: [
    { pattern: '^https?://m\\.weibo\\.cn/(?:status|detail)/(?<id>\\d{10,20})\\b', id: (g) => g.id },
    {
      pattern: '^https?://(?:www\\.|m\\.)?weibo\\.(?:com|cn)/(?:\\d+|status|detail)/(?<bid>[A-Za-z0-9]{5,16})\\b',
      id: (g) => (g.bid === undefined ? undefined : /^\d+$/.test(g.bid) ? g.bid : midOfBid(g.bid)),
    },
  ],
};

const BASE62 = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * A status's numeric mid from the base-62 bid of its URL: the bid's 4-character groups, from the right, are
 * the mid's 7-digit groups in base 62. Undefined for a character outside base 62.
 */
export function midOfBid(bid: string): string | undefined {
  let mid = '';
  for (let end = bid.length; end > 0; end -= 4) {
    let n = 0;
    for (const ch of bid.slice(Math.max(0, end - 4), end)) {
      const d = BASE62.indexOf(ch);
      if (d < 0) return undefined;
      n = n * 62 + d;
    }
    const part = String(n);
    mid = (end - 4 > 0 ? part.padStart(7, '0') : part) + mid;
  }
  return mid.replace(/^0+(?=\d)/, '');
}
