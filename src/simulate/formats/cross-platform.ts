import type { RepostEventInput } from '../../contract/index.js';
import type { GroundTruth } from '../truth.js';
import { freshAuthorId } from '../platforms.js';
import { jetstreamEncoder } from './jetstream.js';
import { mastodonEncoder } from './mastodon.js';
import { timeMs } from './types.js';

/** The platform of the demo each format stands in for: X's half arrives as Bluesky, Reddit's as Mastodon. */
const AS = { x: jetstreamEncoder, reddit: mastodonEncoder } as const;

/** A Bluesky post's public URL, as the app shows it, for its at:// URI (`at://<did>/app.bsky.feed.post/<rkey>`). */
export function bskyUrl(uri: string): string {
  const [, , did, , rkey] = uri.split('/');
  return `https://bsky.app/profile/${did}/post/${rkey}`;
}

const DAY = 24 * 3600 * 1000;
const FRESH_PREFIX = freshAuthorId('reddit', 0).slice(0, -1);

/**
 * The day a Mastodon account was created, as the instance reports it: the simulator's fresh accounts (the
 * throwaways coordinated doxxers register) two days before the post, every other account years before.
 */
function accountCreated(e: RepostEventInput): number {
  const t = timeMs(e.createdAt);
  const midnight = (ms: number): number => Math.floor(ms / DAY) * DAY;
  return e.authorId.startsWith(FRESH_PREFIX) ? midnight(t - 2 * DAY) : midnight(t - 900 * DAY);
}

/**
 * One incident of the demo arriving as Bluesky (Jetstream) and Mastodon messages, interleaved in one stream as
 * a source reading both would see them: the English human flesh search (`dox-2`, X → Reddit in the schema-1
 * demo) and the ordinary X and Reddit traffic around it, X's posts re-expressed as Jetstream commits and
 * Reddit's as Mastodon `update` frames; its notice stays schema 1 (notices are schema 1 in every format)
 * and names the victim's Bluesky account.
 * The jump is joined as it would be across the two networks: the first Mastodon post links the Bluesky post
 * it came from (a bsky.app URL, which the Jetstream adapter names as that post's at:// URI), and both halves
 * carry the target's phone; a screenshot re-uploaded on Mastodon gets Mastodon's blurhash, never Bluesky's
 * blob CID, so media joins each half only within itself.
 */
export function crossPlatformDemo(lines: readonly string[], truth: GroundTruth, incidentId = 'dox-2'): string[] {
  const incident = truth.incidents.find((i) => i.incidentId === incidentId);
  if (!incident) throw new Error(`no incident ${incidentId} in the truth`);
  const own = new Set(incident.eventIds);
  const others = new Set(truth.incidents.filter((i) => i !== incident).flatMap((i) => i.eventIds));
  const records: Record<string, unknown>[] = [];
  for (const line of lines) {
    let r: Record<string, unknown>;
    try {
      r = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (typeof r !== 'object' || r === null || !(r.platform === 'x' || r.platform === 'reddit')) continue;
    if (r.type === 'notice' ? r.noticeId === incident.notices[0]?.noticeId : !others.has(String(r.eventId)))
      records.push(r);
  }
  const events = records.filter((r) => r.type !== 'notice') as unknown as (RepostEventInput & {
    platform: 'x' | 'reddit';
  })[];
  const ids = new Map(events.map((e) => [e.postId, AS[e.platform].idOf(e)]));
  const jump = incident.jump;
  const [fromPlatform, fromPost] = jump ? (jump.from.split(':') as [string, string]) : [null, null];
  const toPost = jump?.to.split(':')[1];
  return records.map((r) => {
    if (r.type === 'notice') {
      const uri = ids.get(String(r.postId));
      // the victim's notice names their own account, as a platform's notice form does
      const victim = r.platform === 'x' ? `did:plc:${incidentId.replace(/\W/g, '')}victim` : undefined;
      return JSON.stringify({
        ...r,
        platform: r.platform === 'x' ? 'bluesky' : 'mastodon',
        postId: uri ?? r.postId,
        ...(victim ? { accountId: victim } : {}),
      });
    }
    const e = r as unknown as RepostEventInput & { platform: 'x' | 'reddit' };
    const onMastodon = e.platform === 'reddit';
    const linked =
      onMastodon && own.has(e.eventId) && e.postId === toPost && fromPlatform === 'x' && fromPost !== null
        ? [bskyUrl(ids.get(fromPost)!)]
        : [];
    const event: RepostEventInput = {
      ...e,
      ...(onMastodon ? { authorCreatedAt: accountCreated(e) } : {}),
      urls: [...(e.urls ?? []), ...linked],
      ...(onMastodon && e.mediaHashes ? { mediaHashes: e.mediaHashes.map((h) => `LB${h.slice(0, 26)}`) } : {}),
    };
    return JSON.stringify(AS[e.platform].encode(event, ids));
  });
}
