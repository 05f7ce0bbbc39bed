import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { InterventionRecord, OutputRecord, RepostEvent } from '../../../src/contract/index.js';
import { createDecoder, formatLinkPatterns } from '../../../src/decode/index.js';
import { createEnricher } from '../../../src/enrich/index.js';
import { midOfBid } from '../../../src/formats/index.js';
import { testConfig } from '../../helpers/pipeline.js';
import { runRecords } from '../../helpers/reexpress.js';

const CROSS = 'examples/demo-bluesky-mastodon.ndjson';
/** a pipeline run over the demo with the PII scan: seconds on a loaded machine */
const SLOW = 60_000;

/** The node keys a message's links name, decoded and enriched as a source of these formats does. */
function linkedKeys(formats: string | string[], message: object): readonly string[] {
  const options = { format: formats as never };
  const decoded = createDecoder(options)({
    value: Buffer.from(JSON.stringify(message)),
    key: null,
    position: { kind: 'stdin', line: 1 },
  });
  if (decoded.ok !== true || decoded.record.type !== 'event') throw new Error(JSON.stringify(decoded));
  const enrich = createEnricher({
    linkPatterns: [...formatLinkPatterns(options), ...testConfig().graph.linkPatterns],
    scanner: { scan: () => [] },
  });
  return enrich(decoded.record as RepostEvent).linkedNodeKeys;
}

const mastodonUpdate = (content: string) => ({
  stream: ['public'],
  event: 'update',
  payload: JSON.stringify({
    id: '113000000000000001',
    created_at: '2026-01-05T09:00:00.000Z',
    account: { id: '42', acct: 'someone' },
    content,
  }),
});

describe('links across formats name the posts the adapters made', () => {
  it('a Mastodon status linking a bsky.app post names that post’s at:// URI', () => {
    expect(
      linkedKeys(
        ['jetstream', 'mastodon'],
        mastodonUpdate('<p>look <a href="https://bsky.app/profile/did:plc:abc123/post/3lbq7x2k5ss2a">here</a></p>'),
      ),
    ).toEqual(['bluesky:at://did:plc:abc123/app.bsky.feed.post/3lbq7x2k5ss2a']);
    // a handle instead of a DID would need a lookup: no link rather than a wrong one
    expect(
      linkedKeys(['jetstream', 'mastodon'], mastodonUpdate('<p>https://bsky.app/profile/a.bsky.social/post/3lb</p>')),
    ).toEqual([]);
  });

  it('Reddit permalinks name fullnames, Weibo bids name mids, when those formats are read', () => {
    const comment = (body: string) => ({
      kind: 't1',
      data: {
        id: 'c1',
        author: 'u',
        created_utc: 1767600000,
        body,
        parent_id: 't3_zz',
        link_id: 't3_zz',
      },
    });
    expect(linkedKeys('reddit', comment('see https://www.reddit.com/r/pics/comments/abc12/some_title/'))).toEqual([
      'reddit:t3_abc12',
    ]);
    expect(linkedKeys('reddit', comment('see https://old.reddit.com/r/pics/comments/abc12/some_title/def34/'))).toEqual(
      ['reddit:t1_def34'],
    );
    // schema 1 keeps the configured pattern's bare id
    expect(
      linkedKeys('doxguard', {
        eventId: 'e1',
        platform: 'x',
        kind: 'post',
        postId: '1',
        authorId: 'a',
        createdAt: 1767600000000,
        urls: ['https://www.reddit.com/r/pics/comments/abc12/some_title/'],
      }),
    ).toEqual(['reddit:abc12']);
    // Weibo's documented example: bid z0JH2lOMb is mid 3501756485200075
    expect(midOfBid('z0JH2lOMb')).toBe('3501756485200075');
    expect(
      linkedKeys('weibo', {
        mid: '5000000000000001',
        created_at: 'Mon Jan 05 16:00:00 +0800 2026',
        text: '看 https://weibo.com/1234567/z0JH2lOMb',
        user: { id: 99, idstr: '99' },
      }),
    ).toEqual(['weibo:3501756485200075']);
  });
});

describe('the demo incident as Bluesky and Mastodon messages', () => {
  const records = readFileSync(CROSS, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l, i) => ({
      value: Buffer.from(l),
      key: null,
      position: { kind: 'file' as const, file: CROSS, line: i + 1 },
    }));
  const config = (graph: object = {}) =>
    testConfig({ source: { format: ['jetstream', 'mastodon'] }, graph: { ...graph } });
  const spanning = (out: readonly OutputRecord[]) =>
    new Set(
      out.flatMap((r) =>
        r.schema === 'doxguard.incident/1' && r.status !== 'merged' && r.platforms.length === 2 ? [r.incidentId] : [],
      ),
    );

  it(
    'is one incident on both networks, leaving as post commands and account commands',
    async () => {
      const out = await runRecords(config(), records);
      expect(out.filter((r) => r.schema === 'doxguard.dlq/1')).toEqual([]);
      const both = spanning(out);
      expect(both.size).toBe(1);
      const [incidentId] = [...both];
      const commands = out.filter(
        (r): r is InterventionRecord => r.schema === 'doxguard.intervention/1' && r.incidentId === incidentId,
      );
      const posts = commands.filter((c) => c.account === undefined);
      expect(new Set(posts.flatMap((c) => c.targets.map((t) => t.platform)))).toEqual(new Set(['bluesky', 'mastodon']));
      expect(posts.map((c) => c.action)).toEqual(expect.arrayContaining(['popup_warning', 'throttle']));
      const accounts = commands.filter((c) => c.account !== undefined);
      // the incident stays critical to the end: an account once commanded is not displaced by busier newcomers
      expect(new Set(accounts.map((c) => c.action))).toEqual(
        new Set(['protect_target', 'warn_account', 'verify_account']),
      );
      expect(accounts.find((c) => c.action === 'protect_target')!.account).toMatchObject({
        platform: 'bluesky',
        accountId: 'did:plc:dox2victim',
        role: 'target',
      });
      expect(new Set(accounts.map((c) => c.account!.platform))).toEqual(new Set(['bluesky', 'mastodon']));
    },
    SLOW,
  );

  it(
    'is joined by the bsky.app link alone (no shared screenshot, no shared PII), and split without it',
    async () => {
      const linkOnly = config({ linkByMediaHash: false, linkByFingerprint: false });
      expect(spanning(await runRecords(linkOnly, records)).size).toBe(1);
      const unlinked = records.map((r) => ({
        ...r,
        value: Buffer.from(
          Buffer.from(r.value)
            .toString()
            .replace(/https:\/\/bsky\.app\/profile\/[^"\\]+/g, ''),
        ),
      }));
      expect(spanning(await runRecords(linkOnly, unlinked)).size).toBe(0);
    },
    2 * SLOW,
  );
});
