import type { z } from 'zod';
import type { InputFormat, RepostEventInput } from '../contract/index.js';

/** What an adapter needs besides the message: names and sets from config, and the last event time it saw. */
export interface AdaptContext {
  /** the platform name stamped on every event (`source.platform`, else the format's own) */
  readonly platform: string;
  /** account ids of officials and public figures (a named set from config): their mentions carry publicFigure */
  readonly publicFigures: ReadonlySet<string>;
  /**
   * Event time (epoch ms) of the last message of this source that carried one, or null: a message that carries
   * no time of its own (a Mastodon `delete` names only the status) takes it, never the wall clock.
   */
  readonly lastTime: number | null;
}

/**
 * One platform message mapped onto schema 1. `event` is a schema-1 event object, validated afterwards by the
 * same decoder a schema-1 record goes through; `delete` marks a post deleted; `skip` is a message kind doxguard
 * does not use (likes, follows, profile updates), counted by kind; `invalid` goes to the dead-letter sink.
 */
export type Adapted =
  | { readonly kind: 'event'; readonly event: RepostEventInput }
  | { readonly kind: 'delete'; readonly platform: string; readonly postId: string; readonly time: number }
  | { readonly kind: 'skip'; readonly what: string }
  | { readonly kind: 'invalid'; readonly message: string };

export interface FormatAdapter {
  readonly name: Exclude<InputFormat, 'doxguard'>;
  /** the platform name its events carry unless `source.platform` says otherwise */
  readonly platform: string;
  /** the message kinds it skips, by name: the bounded label of doxguard_input_skipped_total (anything else: `other`) */
  readonly skipKinds: readonly string[];
  /** the accepted shape, printed by `doxguard schema` (the fields the mapping reads; unknown fields are ignored) */
  readonly shape: z.ZodType;
  /** Never throws: anything it cannot map is `invalid` with the reason. */
  adapt(message: Record<string, unknown>, ctx: AdaptContext): Adapted;
  /**
   * Whether a message has this format's envelope: on a source speaking several formats (a list in
   * `source.format`), each message goes to the first format that recognises it. Cheap; never throws.
   */
  recognises(message: Record<string, unknown>): boolean;
  /**
   * The platform's post URLs as this adapter names the posts (`id`: a template over the pattern's named
   * groups, `$<name>`), put before `graph.linkPatterns` while the format is in use: a link to a post then
   * names the node the adapter made for it (Bluesky's at:// URIs, Reddit's fullnames).
   */
  readonly linkPatterns: readonly {
    readonly pattern: string;
    readonly id: string | ((groups: Readonly<Record<string, string | undefined>>) => string | undefined);
  }[];
}
