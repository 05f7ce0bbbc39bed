/** The input formats a source can speak (`source.format`): `doxguard` is schema 1 itself, the others platforms' own messages. */
export const INPUT_FORMATS = ['doxguard', 'jetstream', 'mastodon', 'x', 'reddit', 'weibo'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];
