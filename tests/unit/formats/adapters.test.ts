import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createDecoder, type SourceDecodeResult } from '../../../src/decode/index.js';
import type { InputFormat } from '../../../src/formats/index.js';
import { parseWeiboTime } from '../../../src/formats/index.js';

/** Fixtures are written from each platform's public documentation; every account and post in them is made up. */
function decodeFixture(format: InputFormat, options: { publicFigures?: string[] } = {}): SourceDecodeResult[] {
  const decode = createDecoder({ format, ...options });
  return readFileSync(`tests/fixtures/formats/${format}.ndjson`, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l, i) => decode({ value: Buffer.from(l), key: null, position: { kind: 'file', file: format, line: i + 1 } }));
}

/** A compact view: the event's kind and links, a deletion, a skip, or a dead letter's reason. */
function view(r: SourceDecodeResult): string {
  if (r.ok === 'skipped') return `skip ${r.kind}`;
  if (!r.ok) return `dead ${r.deadLetter.reason}`;
  const rec = r.record;
  if (rec.type === 'delete') return `delete ${rec.platform}:${rec.postId} @${new Date(rec.time).toISOString()}`;
  if (rec.type !== 'event') return rec.type;
  return `${rec.kind} ${rec.platform}:${rec.postId} <- ${rec.parentId} root ${rec.rootId} by ${rec.authorId} @${new Date(rec.time).toISOString()}`;
}

function events(results: SourceDecodeResult[]) {
  return results.flatMap((r) => (r.ok === true && r.record.type === 'event' ? [r.record] : []));
}

describe('jetstream adapter', () => {
  const results = decodeFixture('jetstream');
  it('maps posts, reposts, replies, quotes; skips likes, follows, identity and account events; deletes', () => {
    const alice = 'at://did:plc:aliceexample00000000000/app.bsky.feed.post/3lemy4yerrk2a';
    expect(results.map(view)).toEqual([
      `post bluesky:${alice} <- null root null by did:plc:aliceexample00000000000 @2026-01-05T09:00:00.000Z`,
      `repost bluesky:at://did:plc:carolexample000000000000/app.bsky.feed.repost/3lemy5aaaaa2a <- ${alice} root null by did:plc:carolexample000000000000 @2026-01-05T09:01:00.000Z`,
      `reply bluesky:at://did:plc:daveexample0000000000000/app.bsky.feed.post/3lemy6bbbbb2a <- ${alice} root ${alice} by did:plc:daveexample0000000000000 @2026-01-05T09:02:00.000Z`,
      `quote bluesky:at://did:plc:erinexample0000000000000/app.bsky.feed.post/3lemy7ccccc2a <- ${alice} root null by did:plc:erinexample0000000000000 @2026-01-05T09:03:00.000Z`,
      'skip like',
      'skip follow',
      'skip identity',
      'skip account',
      'delete bluesky:at://did:plc:daveexample0000000000000/app.bsky.feed.post/3lemy6bbbbb2a @2026-01-05T09:03:20.000Z',
    ]);
  });
  it('reads mentions and links from facets, image blobs as media, the first language', () => {
    const [post, , , quote] = events(results);
    expect(post!.mentions).toEqual([{ accountId: 'did:plc:bobexample0000000000000' }]);
    expect(post!.urls).toEqual(['https://example.com/a']);
    expect(post!.mediaHashes).toEqual(['bafkreiexampleimage0000000000000000000000000000000000000']);
    expect(post!.lang).toBe('en');
    expect(quote!.mediaHashes).toEqual(post!.mediaHashes);
  });
  it('marks mentions of configured public figures', () => {
    const [post] = events(decodeFixture('jetstream', { publicFigures: ['did:plc:bobexample0000000000000'] }));
    expect(post!.mentions).toEqual([{ accountId: 'did:plc:bobexample0000000000000', publicFigure: true }]);
  });
});

describe('mastodon adapter', () => {
  const results = decodeFixture('mastodon');
  it('maps updates (post, reblog, reply), skips edits and notifications, deletes at the last event time', () => {
    expect(results.map(view)).toEqual([
      'post mastodon:113000000000000001 <- null root null by 109000000000000001 @2026-01-05T09:00:00.000Z',
      'repost mastodon:113000000000000002 <- 113000000000000001 root null by 109000000000000003 @2026-01-05T09:01:00.000Z',
      'reply mastodon:113000000000000003 <- 113000000000000001 root null by 109000000000000004 @2026-01-05T09:02:00.000Z',
      'skip edit',
      'skip notification',
      'delete mastodon:113000000000000003 @2026-01-05T09:02:00.000Z',
    ]);
  });
  it('turns the HTML content into text, links (not mentions) into urls, blurhashes into media', () => {
    const [post, reblog] = events(results);
    expect(post!.text).toBe('Who knows this guy? @bob & friends\nsee https://example.com/a\n\nsecond paragraph');
    expect(post!.urls).toEqual(['https://example.com/a']);
    expect(post!.mentions).toEqual([{ accountId: '109000000000000002' }]);
    expect(post!.mediaHashes).toEqual(['UBL_:rOpGG-oBUNG,qRj2so|=eE1w^n4S5NH']);
    expect(post!.authorFollowers).toBe(120);
    expect(reblog!.authorFollowers).toBe(45);
  });
  it('reads a bare Status (as the REST API returns it) as an update', () => {
    const decode = createDecoder({ format: 'mastodon' });
    const status = { id: '7', created_at: '2026-01-05T09:00:00Z', account: { id: '1' }, content: '<p>hi</p>' };
    const r = decode({ value: Buffer.from(JSON.stringify(status)), key: null, position: { kind: 'stdin', line: 1 } });
    expect(view(r)).toBe('post mastodon:7 <- null root null by 1 @2026-01-05T09:00:00.000Z');
  });
});

describe('x adapter', () => {
  const results = decodeFixture('x');
  it('maps referenced_tweets, takes the time from created_at or the snowflake id, skips system messages, deletes', () => {
    const views = results.map(view);
    expect(views[0]).toBe('post x:1800000000000000001 <- null root null by 2244994945 @2026-01-05T09:00:00.000Z');
    expect(views[1]).toBe(
      'repost x:1800000000000000002 <- 1800000000000000001 root null by 3000000001 @2026-01-05T09:01:00.000Z',
    );
    // no created_at: the snowflake's time (ms since 2010-11-04T01:42:54.657Z in the id's high bits)
    expect(views[2]).toMatch(
      /^reply x:1800000000000000003 <- 1800000000000000001 root 1800000000000000001 by 3000000002 @2024-/,
    );
    expect(views[3]).toMatch(/^quote x:1800000000000000004 <- 1800000000000000001/);
    expect(views.slice(4)).toEqual(['skip system', 'delete x:1800000000000000003 @2026-01-05T09:05:00.000Z']);
  });
  it('takes followers from includes.users and marks government accounts mentioned as public figures', () => {
    const [post] = events(results);
    expect(post!.authorFollowers).toBe(120);
    expect(post!.mentions).toEqual([{ accountId: '783214', publicFigure: true }]);
    expect(post!.urls).toEqual(['https://example.com/a']);
    expect(post!.mediaHashes).toEqual(['3_1800000000000000009']);
  });
});

describe('reddit adapter', () => {
  const results = decodeFixture('reddit');
  it('maps submissions and comments by fullname, crossposts as reshares; skips accounts and "more"; [deleted] deletes', () => {
    expect(results.map(view)).toEqual([
      'post reddit:t3_1abcde <- null root t3_1abcde by t2_aaaa1 @2026-01-05T09:00:00.000Z',
      'reply reddit:t1_kc0001 <- t3_1abcde root t3_1abcde by t2_aaaa4 @2026-01-05T09:02:00.000Z',
      'reply reddit:t1_kc0002 <- t1_kc0001 root t3_1abcde by t2_aaaa5 @2026-01-05T09:03:00.500Z',
      'repost reddit:t3_1abcdf <- t3_1abcde root null by carol_example @2026-01-05T09:01:00.000Z',
      'skip account',
      'skip more',
      'delete reddit:t1_kc0001 @2026-01-05T09:03:00.500Z',
    ]);
    const [post] = events(results);
    expect(post!.text).toBe('Who knows this guy?\n\nSaw him at the station');
    expect(post!.mediaHashes).toEqual(['Zm9vYmFyMQ']);
  });
});

describe('weibo adapter', () => {
  const results = decodeFixture('weibo');
  it('maps statuses, reposts (to the original), comments; skips user events; deletes', () => {
    expect(results.map(view)).toEqual([
      'post weibo:5000000000000001 <- null root 5000000000000001 by 1000000001 @2026-01-05T09:00:00.000Z',
      'repost weibo:5000000000000002 <- 5000000000000001 root 5000000000000001 by 1000000002 @2026-01-05T09:01:00.000Z',
      'reply weibo:4000000000000001 <- 5000000000000001 root 5000000000000001 by 1000000003 @2026-01-05T09:02:00.000Z',
      'post weibo:5000000000000004 <- null root 5000000000000004 by 1000000004 @2026-01-05T09:03:00.000Z',
      'skip user',
      'delete weibo:5000000000000004 @2026-01-05T09:03:00.000Z',
    ]);
    const [post] = events(results);
    expect(post!.authorFollowers).toBe(690);
    expect(post!.mediaHashes).toEqual(['006examplepic0001']);
    expect(post!.mentions).toEqual([{ accountId: '某某某' }]);
  });
  it("parses Weibo's created_at with its offset, and nothing else", () => {
    expect(parseWeiboTime('Tue May 31 17:46:55 +0800 2011')).toBe(Date.parse('2011-05-31T09:46:55Z'));
    expect(parseWeiboTime('Tue Feb 30 17:46:55 +0800 2011')).toBeNull();
    expect(parseWeiboTime('2011-05-31T09:46:55Z')).toBeNull();
  });
});

describe('every format', () => {
  it('passes notices and verdicts through as schema 1, so feedback can share the stream', () => {
    const notice = {
      type: 'notice',
      noticeId: 'n1',
      platform: 'bluesky',
      postId: 'at://x',
      receivedAt: 1,
      reporter: 'victim',
    };
    for (const format of ['jetstream', 'mastodon', 'x', 'reddit', 'weibo'] as const) {
      const r = createDecoder({ format })({
        value: Buffer.from(JSON.stringify(notice)),
        key: null,
        position: { kind: 'stdin', line: 1 },
      });
      expect(view(r)).toBe('notice');
    }
  });
  it('dead-letters what is not the format with DG_DLQ_FORMAT and the reason, and bytes as schema 1 does', () => {
    const decode = createDecoder({ format: 'jetstream' });
    const at = (s: string) => decode({ value: Buffer.from(s), key: null, position: { kind: 'stdin', line: 1 } });
    const r = at('{"did":"did:plc:a","kind":"commit"}');
    expect(r.ok).toBe(false);
    if (r.ok === false) {
      expect(r.deadLetter.reason).toBe('DG_DLQ_FORMAT');
      expect(r.deadLetter.message).toMatch(/time_us/);
      expect(r.deadLetter.value).toBe('{"did":"did:plc:a","kind":"commit"}');
    }
    expect(view(at('nope'))).toBe('dead DG_DLQ_NOT_JSON');
    expect(view(at('[1]'))).toBe('dead DG_DLQ_NOT_OBJECT');
  });
});

describe("the author's account age, where a format carries it", () => {
  const created = (format: InputFormat) => events(decodeFixture(format)).map((e) => e.authorCreatedAt ?? null);
  it('maps X includes.users created_at, Mastodon account.created_at, Weibo user.created_at, Reddit author_created_utc', () => {
    expect(created('x')[0]).toBe(Date.parse('2026-01-01T10:00:00.000Z'));
    expect(created('mastodon').slice(0, 3)).toEqual([null, null, Date.parse('2026-01-04T00:00:00.000Z')]);
    expect(created('weibo')[0]).toBe(Date.parse('2026-01-04T01:00:00.000Z'));
    expect(created('reddit')[1]).toBe(1767500000_000);
    expect(created('jetstream').every((c) => c === null)).toBe(true);
  });
  it('drops an account time the format garbles instead of dead-lettering the post (carol\'s "soon")', () => {
    const carol = events(decodeFixture('mastodon'))[1]!;
    expect(carol.kind).toBe('repost');
    expect('authorCreatedAt' in carol).toBe(false);
  });
});
