import type { RepostEventInput } from '../../contract/index.js';
import { timeMs, type FormatEncoder } from './types.js';

/** Reddit: posts and reshares are submissions (a reshare a crosspost), answers and quotes comments. */
export const redditEncoder: FormatEncoder = {
  idOf: (e) => `${e.kind === 'post' || e.kind === 'repost' ? 't3' : 't1'}_${e.postId}`,
  accountOf: (a) => a,
  encode(e: RepostEventInput, ids) {
    const id = (p: string | null | undefined): string => ids.get(p ?? '') ?? `t3_${p}`;
    const name = this.idOf(e);
    const common = {
      id: e.postId,
      name,
      author: e.authorId,
      author_fullname: e.authorId,
      created_utc: timeMs(e.createdAt) / 1000,
    };
    if (name.startsWith('t3_'))
      return {
        kind: 't3',
        data: {
          ...common,
          title: e.text ?? '',
          selftext: '',
          is_self: !e.urls?.length,
          ...(e.urls?.length ? { url: e.urls[0] } : {}),
          ...(e.kind === 'repost' ? { crosspost_parent: id(e.parentId) } : {}),
          ...(e.mediaHashes?.length ? { preview: { images: e.mediaHashes.map((h) => ({ id: h })) } } : {}),
        },
      };
    const parent = id(e.parentId);
    return {
      kind: 't1',
      data: { ...common, body: e.text ?? '', parent_id: parent, link_id: id(e.rootId ?? e.parentId) },
    };
  },
};
