import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AccountLedger } from '../../../src/incident/index.js';

const T0 = Date.parse('2026-05-01T00:00:00Z');

/** Every participant as plain data, in the ledger's order. */
const rows = (ledger: AccountLedger) =>
  [...ledger.participantList()].map((p) => ({
    platform: p.platform,
    accountId: p.accountId,
    posts: p.posts,
    createdAt: p.createdAt,
    disclosures: [...p.disclosures],
    evidence: [...p.evidence],
    mobilising: p.mobilising,
    coordinated: p.coordinated,
  }));

describe('the account ledger of a small incident', () => {
  it('holds one participant without a Map and finds it by platform and account', () => {
    const ledger = new AccountLedger();
    expect(ledger.participantCount).toBe(0);
    expect([...ledger.participantList()]).toEqual([]);
    const a = ledger.participant('x', 'a', T0, null)!;
    ledger.posted(a);
    expect(ledger.participant('x', 'a', T0 + 1, 1234)).toBe(a);
    expect(ledger.entry(a)).toMatchObject({ platform: 'x', accountId: 'a', firstTime: T0, createdAt: 1234, posts: 1 });
    // a creation time once known stays
    ledger.participant('x', 'a', T0 + 2, 99);
    expect(ledger.entry(a).createdAt).toBe(1234);
    expect(ledger.participantCount).toBe(1);
    expect(ledger.indexOf('x', 'a')).toBe(a);
    expect(ledger.participantOf('x', 'a')).toEqual(ledger.entry(a));
    // the same account id on another platform is another account
    expect(ledger.participantOf('weibo', 'a')).toBeUndefined();
    expect(ledger.participantOf('x', 'b')).toBeUndefined();
  });

  it('keeps the order of arrival and every entry when a second and third participant arrive', () => {
    const ledger = new AccountLedger();
    const a = ledger.participant('x', 'a', T0, null)!;
    ledger.evidenceOf(a, 'e1');
    const b = ledger.participant('weibo', 'a', T0 + 1, null)!;
    const c = ledger.participant('x', 'c', T0 + 2, null)!;
    expect(b).not.toBe(a);
    expect(ledger.participantCount).toBe(3);
    expect([...ledger.participantList()]).toEqual([a, b, c].map((i) => ledger.entry(i)));
    expect([...ledger.participantList()].map((p) => [p.platform, p.accountId, p.firstTime])).toEqual([
      ['x', 'a', T0],
      ['weibo', 'a', T0 + 1],
      ['x', 'c', T0 + 2],
    ]);
    expect(ledger.indexOf('x', 'a')).toBe(a);
    expect(ledger.indexOf('weibo', 'a')).toBe(b);
    expect(ledger.participant('x', 'a', T0 + 3, null)).toBe(a);
    expect(ledger.entry(a).evidence).toEqual(['e1']);
  });

  it('gives each participant its own evidence, capped, without duplicates', () => {
    const ledger = new AccountLedger();
    const a = ledger.participant('x', 'a', T0, null)!;
    const b = ledger.participant('x', 'b', T0, null)!;
    for (const e of ['e1', 'e2', 'e1', 'e3', 'e4', 'e5', 'e6', 'e7']) ledger.evidenceOf(a, e);
    expect(ledger.entry(a).evidence).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
    expect(ledger.entry(b).evidence).toEqual([]);
    ledger.evidenceOf(b, 'f1');
    expect(ledger.entry(b).evidence).toEqual(['f1']);
    expect(ledger.entry(a).evidence).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
  });

  it('remembers the first post text in its fields and every one after a second', () => {
    const ledger = new AccountLedger();
    expect(ledger.postTextOf('x:1')).toBeUndefined();
    ledger.postText('x:1', 'txt_1');
    ledger.postText('x:1', 'txt_1b');
    expect(ledger.postTextOf('x:1')).toBe('txt_1b');
    expect(ledger.postTextOf('x:2')).toBeUndefined();
    ledger.postText('x:2', 'txt_2');
    expect(ledger.postTextOf('x:1')).toBe('txt_1b');
    expect(ledger.postTextOf('x:2')).toBe('txt_2');
  });

  it('absorbs one- and many-participant ledgers alike, in either direction (small into large, large into small)', () => {
    const build = (entries: readonly [string, string, number][], texts: readonly [string, string][]) => {
      const ledger = new AccountLedger();
      for (const [platform, id, posts] of entries) {
        const p = ledger.participant(platform, id, T0 + posts, null)!;
        ledger.posted(p, posts);
        if (posts > 1) ledger.evidenceOf(p, `${id}-${posts}`);
      }
      for (const [k, h] of texts) ledger.postText(k, h);
      return ledger;
    };
    const one = (): AccountLedger => build([['x', 'a', 1]], [['x:1', 'h1']]);
    const many = (): AccountLedger =>
      build(
        [
          ['x', 'b', 2],
          ['x', 'a', 3],
        ],
        [
          ['x:2', 'h2'],
          ['x:3', 'h3'],
        ],
      );

    const big = many();
    big.absorb(one());
    expect(rows(big).map((r) => [r.accountId, r.posts, r.evidence])).toEqual([
      ['b', 2, ['b-2']],
      ['a', 4, ['a-3']],
    ]);
    expect(['x:1', 'x:2', 'x:3'].map((k) => big.postTextOf(k))).toEqual(['h1', 'h2', 'h3']);

    const small = one();
    small.absorb(many());
    expect(rows(small).map((r) => [r.accountId, r.posts, r.evidence])).toEqual([
      ['a', 4, ['a-3']],
      ['b', 2, ['b-2']],
    ]);
    expect(['x:1', 'x:2', 'x:3'].map((k) => small.postTextOf(k))).toEqual(['h1', 'h2', 'h3']);

    // one into one: a second participant and a second text make the maps
    const first = one();
    first.absorb(build([['weibo', 'a', 1]], [['weibo:9', 'h9']]));
    expect(rows(first).map((r) => [r.platform, r.accountId])).toEqual([
      ['x', 'a'],
      ['weibo', 'a'],
    ]);
    expect(first.postTextOf('weibo:9')).toBe('h9');
    expect(first.postTextOf('x:1')).toBe('h1');
    // an empty ledger takes everything in
    const empty = new AccountLedger();
    empty.absorb(many());
    expect(rows(empty)).toEqual(rows(many()));
  });

  it('bumps its version on every change the policy reads, and not for an account that only reshares', () => {
    const ledger = new AccountLedger();
    const v0 = ledger.version;
    // arriving and posting without driving anything: no account command can be wanted for it
    const a = ledger.participant('x', 'a', T0, null)!;
    ledger.posted(a);
    ledger.participant('x', 'a', T0, 1234);
    ledger.participant('x', 'b', T0, null);
    expect(ledger.version).toBe(v0);
    expect(ledger.driverList()).toEqual([]);
    ledger.addDisclosure(a, 'phone');
    const v1 = ledger.version;
    expect(v1).toBeGreaterThan(v0);
    expect(ledger.driverList()).toEqual([ledger.entry(a)]);
    expect(ledger.driverList()[0]).toMatchObject({ accountId: 'a', posts: 1, createdAt: 1234 });
    ledger.posted(a);
    expect(ledger.version).toBeGreaterThan(v1);
    const v2 = ledger.version;
    ledger.evidenceOf(a, 'e');
    expect(ledger.version).toBeGreaterThan(v2);
    const v3 = ledger.version;
    ledger.minor = { cue: 'class', eventId: 'e', time: T0 };
    expect(ledger.version).toBeGreaterThan(v3);
  });

  it('lists the drivers, and keeps its version while nothing a driver holds changes (any sequence)', () => {
    // what the account decisions read of a participant (src/policy/accounts.ts)
    const read = (ledger: AccountLedger) =>
      JSON.stringify(
        [...ledger.participantList()]
          .filter((p) => p.disclosures.size > 0 || p.mobilising || p.coordinated)
          .map((p) => [
            p.platform,
            p.accountId,
            p.firstTime,
            p.createdAt,
            p.posts,
            [...p.disclosures],
            p.mobilising,
            p.coordinated,
            p.evidence,
          ]),
      );
    const op = fc.tuple(
      fc.constantFrom('arrive', 'post', 'disclose', 'mobilise', 'coordinate', 'evidence', 'created'),
      fc.constantFrom('x', 'weibo'),
      fc.integer({ min: 0, max: 12 }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), fc.array(op, { maxLength: 30 }), (ops, others) => {
        const apply = (ledger: AccountLedger, list: typeof ops, t0: number) =>
          list.forEach(([kind, platform, n], i) => {
            const p = ledger.participant(platform, `a${n}`, t0 + i, kind === 'created' ? T0 - n : null)!;
            if (kind === 'post') ledger.posted(p);
            if (kind === 'disclose') ledger.addDisclosure(p, n % 2 ? 'phone' : 'home_address');
            if (kind === 'mobilise') ledger.mobilised(p);
            if (kind === 'coordinate') ledger.coordinated(p);
            if (kind === 'evidence') ledger.evidenceOf(p, `e${i}`);
          });
        const ledger = new AccountLedger();
        let seen = { version: ledger.version, read: read(ledger) };
        for (const o of ops) {
          apply(ledger, [o], T0);
          const now = { version: ledger.version, read: read(ledger) };
          if (now.version === seen.version) expect(now.read).toBe(seen.read);
          seen = now;
        }
        const driving = (l: AccountLedger) =>
          [...l.participantList()].filter((p) => p.disclosures.size > 0 || p.mobilising || p.coordinated);
        expect(new Set(ledger.driverList())).toEqual(new Set(driving(ledger)));
        expect(ledger.driverList().length).toBe(driving(ledger).length);
        // after a merge: every driver of both, once, in order of arrival
        const other = new AccountLedger();
        apply(other, others, T0 + 1000);
        ledger.absorb(other);
        expect(ledger.driverList()).toEqual(driving(ledger));
      }),
      { numRuns: 300 },
    );
  });

  it('finds every participant as a Map by platform and account would, scanned or indexed, in order of arrival', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('x', 'weibo', 'reddit'), fc.integer({ min: 0, max: 30 })), {
          maxLength: 80,
        }),
        (arrivals) => {
          const ledger = new AccountLedger();
          const ref = new Map<string, { platform: string; accountId: string; posts: number }>();
          for (const [platform, n] of arrivals) {
            const accountId = `a${n}`;
            const p = ledger.participant(platform, accountId, T0, null)!;
            ledger.posted(p);
            const k = `${platform}\u0000${accountId}`;
            const r = ref.get(k) ?? { platform, accountId, posts: 0 };
            r.posts++;
            ref.set(k, r);
            expect(ledger.indexOf(platform, accountId)).toBe(p);
            expect(ledger.participantOf(platform, accountId)).toMatchObject({ platform, accountId });
          }
          expect(ledger.participantCount).toBe(ref.size);
          expect(rows(ledger).map((r) => ({ platform: r.platform, accountId: r.accountId, posts: r.posts }))).toEqual([
            ...ref.values(),
          ]);
          for (const platform of ['x', 'weibo', 'reddit', 'bluesky'])
            for (let n = 0; n <= 31; n++)
              expect(ledger.participantOf(platform, `a${n}`)?.posts).toBe(ref.get(`${platform}\u0000a${n}`)?.posts);
        },
      ),
      { numRuns: 300 },
    );
  });
});
