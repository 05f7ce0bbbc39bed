import { describe, expect, it } from 'vitest';
import { dossier } from '../../../../detectors/pii/index.js';
import type { EnrichedEvent, Finding, PiiCategory } from '../../../../src/contract/index.js';
import { IncidentStore } from '../../../../src/incident/index.js';
import { enriched, T0 } from '../../../helpers/events.js';
import { event, scanner, values } from './helpers.js';

describe('postcode: after a cue word', () => {
  it('finds numeric postcodes of several countries', () => {
    expect(values('ZIP: 48750', 'postcode')).toEqual(['48750']);
    expect(values('my zip code is 35350', 'postcode')).toEqual(['35350']);
    expect(values('My zip code is 880', 'postcode')).toEqual(['880']);
    expect(values('ZIP: 394 13', 'postcode')).toEqual(['394 13']);
    expect(values('CEP: 75534-030', 'postcode')).toEqual(['75534-030']);
    expect(values('postal code 3610-114, Portugal', 'postcode')).toEqual(['3610-114']);
    expect(values('zip 98101-2345 downtown', 'postcode')).toEqual(['98101-2345']);
    expect(values('PLZ 10115 Berlin', 'postcode')).toEqual(['10115']);
  });
  it('takes the longest shape: Dutch, British and Canadian codes after a cue', () => {
    expect(values('ZIP: 7412 SL', 'postcode')).toEqual(['7412 SL']);
    expect(values('postcode: sw1a 1aa', 'postcode')).toEqual(['sw1a 1aa']);
    expect(values('Postal code K1A 0B1', 'postcode')).toEqual(['K1A 0B1']);
  });
  it('Chinese: 邮编 / 邮政编码 then the digits', () => {
    expect(values('她家邮编100080，就在附近', 'postcode')).toEqual(['100080']);
    expect(values('邮政编码：518000', 'postcode')).toEqual(['518000']);
  });
  it('evasions: full-width digits and colon, a hyphenated cue', () => {
    expect(values('邮编：１０００８０', 'postcode')).toEqual(['１０００８０']);
    expect(values('ZIP：48750', 'postcode')).toEqual(['48750']);
    expect(values('Zip-code 48750', 'postcode')).toEqual(['48750']);
  });
  it('near misses: numbers without a cue, zip files, "plz" for please, other words ending in zip', () => {
    expect(values('I waited 48750 ms for the build', 'postcode')).toEqual([]);
    expect(values('we moved in 2024 to a bigger flat', 'postcode')).toEqual([]);
    expect(values('the zip is 12345 bytes, unzip it', 'postcode')).toEqual([]);
    expect(values('download the zip 12345 files', 'postcode')).toEqual([]);
    expect(values('plz 12345 likes and I post', 'postcode')).toEqual([]);
    expect(values('unzip 12345', 'postcode')).toEqual([]);
    // a bare "zip" takes only the US shape
    expect(values('zip 394 13', 'postcode')).toEqual([]);
  });
});

describe('postcode: shapes nothing else has', () => {
  it('UK postcodes with a real postcode area, Canadian postal codes', () => {
    expect(values('she lives near SW1A 1AA now', 'postcode')).toEqual(['SW1A 1AA']);
    expect(values('flat above the shop, M1 1AE', 'postcode')).toEqual(['M1 1AE']);
    expect(values('moved to T2P 1J9 last year', 'postcode')).toEqual(['T2P 1J9']);
  });
  it('near misses: no such area, inward letters a postcode never has, lower case without a cue', () => {
    expect(values('bought a PS5 4GB edition', 'postcode')).toEqual([]);
    expect(values('grid AB1 2CD on the map', 'postcode')).toEqual([]); // C is never an inward letter
    expect(values('she lives near sw1a 1aa now', 'postcode')).toEqual([]);
    expect(values('moved to D2P 1J9 last year', 'postcode')).toEqual([]); // D never starts a Canadian code
  });
  it('US City, ST 12345: the span is the place, the ZIP is what is fingerprinted', () => {
    expect(values('she is in Springfield, IL 62704 now', 'postcode')).toEqual(['Springfield, IL 62704']);
    expect(values('Springfield, ZZ 62704', 'postcode')).toEqual([]); // no such state
    const a = scanner.scan('she is in Springfield, IL 62704 now', event(''));
    const b = scanner.scan('ZIP: 62704', event(''));
    expect(a[0]!.fingerprint).toBe(b[0]!.fingerprint);
  });
});

describe('postcode: a finding of its own category, never a raw value', () => {
  it('category postcode, low weight, redacted snippet', () => {
    const [f] = scanner.scan('my zip code is 35350', event(''));
    expect(f).toMatchObject({ category: 'postcode', recognizer: 'postcode', weight: 0.3, snippet: '35***' });
    expect(JSON.stringify(f)).not.toContain('35350');
  });
  it('a postcode inside a street address is part of the address, not a second finding', () => {
    const text = 'send it to 1317 Kimberly Way\n Apt. 962\n Grand Rapids, MI 49503 please';
    expect(scanner.analyze(text).map((d) => d.category)).toEqual(['home_address']);
  });
});

function finding(category: PiiCategory, fp: string): Finding {
  return {
    category,
    recognizer: category,
    confidence: 0.9,
    about: 'target',
    weight: 0.5,
    fingerprint: fp,
    snippet: '*',
    start: 0,
    end: 1,
  };
}

describe('postcode in incidents and dossiers', () => {
  it('a shared postcode never links two cascades (an area is shared by many people)', () => {
    const s = new IncidentStore({
      linkByMediaHash: true,
      linkByFingerprint: true,
      maxPostsPerLinkKey: 3,
      recentPosts: 10,
    });
    const ev = (id: string, findings: Finding[]): EnrichedEvent =>
      enriched({ eventId: `e-${id}`, postId: id, time: T0, findings, nodeKey: `weibo:${id}` });
    s.place(ev('a', [finding('postcode', 'zip-1')]));
    expect(s.place(ev('b', [finding('postcode', 'zip-1')])).absorbed.length).toBe(0);
    expect(s.liveCount).toBe(2);
    // the same two posts sharing a phone number do link
    s.place(ev('c', [finding('phone', 'ph-1')]));
    expect(s.place(ev('d', [finding('phone', 'ph-1')])).absorbed.length).toBe(1);
  });
  it('a postcode next to the home address counts once towards a dossier; alone it counts as the location', () => {
    const o = dossier.options.parse({});
    const ctx = {} as Parameters<typeof dossier.step>[2];
    const post = (findings: Finding[]): EnrichedEvent => ({
      ...event('', { eventId: 'e1', authorId: 'a', time: 1 }),
      nodeKey: 'weibo:e1',
      linkedNodeKeys: [],
      findings,
    });
    const codes = (findings: Finding[]): string[] =>
      dossier.step(dossier.init(o), post(findings), ctx, o).signals.map((s) => s.code);
    expect(codes([finding('home_address', '1'), finding('postcode', '2'), finding('phone', '3')])).toEqual([
      'PII_DISCLOSED',
    ]);
    expect(codes([finding('postcode', '2'), finding('phone', '3'), finding('workplace', '4')])).toEqual([
      'PII_DISCLOSED',
      'PII_DOSSIER',
    ]);
  });
});
