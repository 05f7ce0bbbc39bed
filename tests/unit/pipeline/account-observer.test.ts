import { describe, expect, it } from 'vitest';
import {
  IDENTIFYING_CATEGORIES,
  PII_CATEGORIES,
  PRIVATE_CATEGORIES,
  type EnrichedEvent,
  type EventKind,
  type Finding,
  type PiiCategory,
} from '../../../src/contract/index.js';
import { Incident } from '../../../src/incident/index.js';
import { disclosing, observeAccounts, ownWords } from '../../../src/pipeline/account-observer.js';
import { PolicyOptionsSchema } from '../../../src/policy/index.js';
import { enriched, T0 } from '../../helpers/events.js';

const options = PolicyOptionsSchema.parse({}).accounts;
const MIN = 1000;

function finding(category: PiiCategory): Finding {
  return {
    category,
    recognizer: 'test',
    confidence: 0.9,
    weight: 1,
    fingerprint: `fp-${category}`,
    snippet: '***',
    start: 0,
    end: 3,
    about: 'target',
  };
}

let serial = 0;
function post(
  author: string,
  time: number,
  text: string,
  kind: EventKind = 'reply',
  extra: Partial<EnrichedEvent> = {},
) {
  const n = ++serial;
  return enriched({
    eventId: `ev${n}`,
    postId: `p${n}`,
    time,
    authorId: author,
    kind,
    parentId: kind === 'post' ? null : 'root',
    rootId: kind === 'post' ? null : 'root',
    text,
    ...extra,
  });
}

function observe(events: readonly EnrichedEvent[]): Incident {
  const incident = new Incident('inc_test', T0);
  for (const e of events) observeAccounts(incident, e, options);
  return incident;
}

const coordinated = (incident: Incident): string[] =>
  [...incident.accounts.participantList()]
    .filter((p) => p.coordinated)
    .map((p) => p.accountId)
    .sort();

const CALL = 'Everyone call him and flood his phone until he answers';

describe('the account ledger: who coordinates', () => {
  it('marks accounts posting the same call to harass in concert, each with its own post as evidence', () => {
    const crowd = Array.from({ length: 5 }, (_, i) => post(`bot${i}`, T0 + i * 30_000, CALL));
    const incident = observe([post('op', T0 - MIN, 'who is this man', 'post'), ...crowd]);
    expect(coordinated(incident)).toEqual(['bot0', 'bot1', 'bot2', 'bot3', 'bot4']);
    for (const [i, e] of crowd.entries())
      expect(incident.accounts.participantOf('weibo', `bot${i}`)!.evidence).toEqual([e.eventId]);
  });

  it('does not ask ordinary reposters of a viral post to re-verify', () => {
    const root = post('op', T0, 'Our little town made the national news tonight, so proud of everyone here', 'post');
    const crowd: EnrichedEvent[] = [];
    for (let i = 0; i < 300; i++) {
      const t = T0 + i * 2_000;
      const a = `user${i}`;
      if (i % 5 === 0)
        crowd.push(post(a, t, '', 'repost')); // a bare repost
      else if (i % 5 === 1)
        crowd.push(post(a, t, `RT @op: ${root.text}`, 'repost')); // a retweet
      else if (i % 5 === 2)
        crowd.push(post(a, t, root.text, 'quote')); // a quote repeating what it quotes
      else if (i % 5 === 3)
        crowd.push(post(a, t, 'so true!!', 'reply')); // too short to tell
      // the same longer words from a crowd within seconds: a share button's line, harming nobody
      else crowd.push(post(a, t, 'This is the most heartwarming thing I have read all year', 'reply'));
    }
    // a Weibo repost chain: the reposter's own words are before //@
    for (let i = 0; i < 20; i++) crowd.push(post(`wb${i}`, T0 + i * 1_000, `//@user${i}: ${root.text}`, 'repost'));
    expect(coordinated(observe([root, ...crowd]))).toEqual([]);
  });

  it('does not count a slogan a crowd repeats over hours, nor fewer accounts than the policy asks', () => {
    const slow = Array.from({ length: 6 }, (_, i) => post(`slow${i}`, T0 + i * 3600_000, CALL));
    expect(coordinated(observe(slow))).toEqual([]);
    const few = Array.from({ length: options.coordinatedMinAccounts - 1 }, (_, i) => post(`few${i}`, T0 + i, CALL));
    expect(coordinated(observe(few))).toEqual([]);
  });

  it('counts copies of the target’s phone number with a call, but not a reshare repeating its parent', () => {
    const phone = [finding('phone')];
    const crowd = Array.from({ length: 5 }, (_, i) =>
      post(`c${i}`, T0 + i * 10_000, '13960357281 打爆他电话，让他知道后果', 'reply', { findings: phone }),
    );
    expect(coordinated(observe(crowd))).toHaveLength(5);
    const original = post('op', T0, '13960357281 打爆他电话，让他知道后果', 'post', { findings: phone });
    const quotes = Array.from({ length: 5 }, (_, i) =>
      post(`q${i}`, T0 + i * 10_000, original.text, 'quote', { findings: phone, parentId: original.postId }),
    );
    expect(coordinated(observe([original, ...quotes]))).toEqual([]);
  });

  it('own words: a retweet has none, a Weibo repost ends at its chain', () => {
    expect(ownWords('RT @someone: the original words')).toBe('');
    expect(ownWords('说得对 //@某人: 原文')).toBe('说得对 ');
    expect(ownWords('plain words')).toBe('plain words');
  });
});

describe('the account ledger: who discloses', () => {
  it('uses the contract’s categories: identifying or private, nothing else', () => {
    for (const c of PII_CATEGORIES)
      expect(disclosing(c), c).toBe(IDENTIFYING_CATEGORIES.has(c) || PRIVATE_CATEGORIES.has(c));
    expect(disclosing('ip_address')).toBe(true);
    expect(disclosing('health')).toBe(true);
    expect(disclosing('postcode')).toBe(false);
    expect(disclosing('org_code')).toBe(false);
  });

  it('makes an account that discloses about the target a discloser, and one posting a postcode not', () => {
    const incident = observe([
      post('a', T0, 'his IP is 1.2.3.4', 'reply', { findings: [finding('ip_address')] }),
      post('b', T0, 'the area is 100080', 'reply', { findings: [finding('postcode')] }),
    ]);
    expect([...incident.accounts.participantOf('weibo', 'a')!.disclosures]).toEqual(['ip_address']);
    expect(incident.accounts.participantOf('weibo', 'b')!.disclosures.size).toBe(0);
  });
});

describe('the account ledger: link shares', () => {
  it('a share button’s headline beside its link is not coordination, even when a detector reads a disclosure in it', () => {
    const home = [finding('home_address')];
    const shares = Array.from({ length: 8 }, (_, i) =>
      post(
        `s${i}`,
        T0 + i * 5_000,
        'Family of four rescued from flooded home on Elm Street https://news.example/a/1',
        'reply',
        {
          findings: home,
        },
      ),
    );
    expect(coordinated(observe(shares))).toEqual([]);
    // the same words without the link, or a call with one, are
    const bare = shares.map((e) => ({ ...e, text: e.text.replace(/ https\S+/, '') }));
    expect(coordinated(observe(bare))).toHaveLength(8);
    const calls = shares.map((e) => ({ ...e, text: `${CALL} https://news.example/a/1`, findings: [] }));
    expect(coordinated(observe(calls))).toHaveLength(8);
  });
});
