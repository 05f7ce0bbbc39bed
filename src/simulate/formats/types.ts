import type { RepostEventInput } from '../../contract/index.js';

/**
 * Re-expresses schema-1 events as a platform's own messages (the inverse of src/formats): for examples,
 * demos and the test that a format's adapter yields what schema 1 yields. `ids` gives each post its id in
 * the format (an at:// URI, a fullname…), known for every post of the stream before encoding starts.
 */
export interface FormatEncoder {
  /** the id a post gets in this format (parents and roots are looked up with it) */
  idOf(e: Pick<RepostEventInput, 'postId' | 'authorId' | 'kind'>): string;
  /** an account id in this format (a DID, a t2_ fullname…) */
  accountOf(authorId: string): string;
  encode(e: RepostEventInput, ids: ReadonlyMap<string, string>): object;
}

export const timeMs = (t: string | number): number => (typeof t === 'number' ? t : Date.parse(t));
