import type { RepostEventInput } from '../../contract/index.js';
import { timeMs, type FormatEncoder } from './types.js';

const escape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Mastodon: the WebSocket frame of an `update`, the Status as a JSON string; a reblog with commentary is a quote. */
export const mastodonEncoder: FormatEncoder = {
  idOf: (e) => e.postId,
  accountOf: (a) => a,
  encode(e: RepostEventInput, ids) {
    const id = (p: string | null | undefined): string => ids.get(p ?? '') ?? String(p);
    const account = {
      id: e.authorId,
      acct: e.authorId,
      followers_count: e.authorFollowers ?? 0,
      // Mastodon 3.4+ reports the day an account was created, as midnight UTC
      ...(e.authorCreatedAt !== undefined ? { created_at: new Date(timeMs(e.authorCreatedAt)).toISOString() } : {}),
    };
    const created_at = new Date(timeMs(e.createdAt)).toISOString();
    const reblog = e.kind === 'repost' && !e.text;
    const status = reblog
      ? {
          id: e.postId,
          created_at,
          account,
          content: '',
          reblog: { id: id(e.parentId), created_at, account: { id: 'unknown' }, content: '' },
        }
      : {
          id: e.postId,
          created_at,
          account,
          in_reply_to_id: e.kind === 'reply' ? id(e.parentId) : null,
          content: `<p>${escape(e.text ?? '').replace(/\n/g, '<br />')}</p>`,
          language: e.lang ?? null,
          mentions: (e.mentions ?? []).map((m) => ({ id: m.accountId, acct: m.accountId })),
          media_attachments: (e.mediaHashes ?? []).map((h, i) => ({
            id: `${e.postId}-${i}`,
            type: 'image',
            blurhash: h,
          })),
          card: e.urls?.length ? { url: e.urls[0] } : null,
          ...(e.kind === 'quote' || e.kind === 'repost'
            ? { quote: { state: 'accepted', quoted_status: { id: id(e.parentId) } } }
            : {}),
        };
    if (!reblog && (e.urls?.length ?? 0) > 1)
      (status as { content: string }).content += (e.urls ?? [])
        .slice(1)
        .map((u) => `<p><a href="${escape(u)}"></a></p>`)
        .join('');
    return { stream: ['public'], event: 'update', payload: JSON.stringify(status) };
  },
};
