import { isValidPhoneNumber } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import { compileLinkPatterns, linkedNodeKeys } from '../../../src/enrich/links.js';
import { simulate, type TruthIncident } from '../../../src/simulate/index.js';
import { gb11643Valid } from '../../../src/util/gb11643.js';

const { lines, truth } = simulate({ seed: 21, durationMs: 8 * 3600_000, backgroundCascades: 800, doxxing: 6 });
interface Ev {
  eventId: string;
  platform: string;
  postId: string;
  kind: string;
  text?: string;
  urls?: string[];
  mediaHashes?: string[];
  mentions?: { accountId: string; publicFigure?: boolean }[];
  createdAt: string | number;
  authorFollowers: number;
}
const events = lines.map((l) => JSON.parse(l) as Ev & { type?: string }).filter((e) => e.type !== 'notice');
const byId = new Map(events.map((e) => [e.eventId, e]));
const byKey = new Map(events.map((e) => [`${e.platform}:${e.postId}`, e]));
const textsOf = (inc: TruthIncident): string[] => inc.eventIds.map((id) => byId.get(id)?.text ?? '');
const timeOf = (e: Ev): number => (typeof e.createdAt === 'number' ? e.createdAt : Date.parse(e.createdAt));
const incidents = (kind: TruthIncident['incidentKind']): TruthIncident[] =>
  truth.incidents.filter((i) => i.incidentKind === kind);

const MOBILISATION =
  /人肉|开盒|扒一下|扩散|去他家|去她家|堵|打爆|打电话|[Ff]ind where|call (?:her|him)|go to (?:his|her) house|Flood|Dig up/;

describe('simulated doxxing incidents', { timeout: 60_000 }, () => {
  const dox = incidents('doxxing');

  it('has the requested number, in both languages', () => {
    expect(dox).toHaveLength(6);
    expect(new Set(dox.map((d) => d.lang))).toEqual(new Set(['zh', 'en']));
  });

  it('plants ID numbers that pass GB 11643, with a real region and birth date', () => {
    const ids = truth.plantedValues.filter((p) => p.category === 'national_id');
    expect(ids.length).toBeGreaterThan(0);
    for (const { value } of ids) {
      expect(gb11643Valid(value)).toBe(true);
      expect(Number(value.slice(0, 2))).toBeGreaterThanOrEqual(11);
      const [y, m, d] = [value.slice(6, 10), value.slice(10, 12), value.slice(12, 14)].map(Number) as [
        number,
        number,
        number,
      ];
      const date = new Date(Date.UTC(y, m - 1, d));
      expect(date.getUTCMonth() + 1).toBe(m);
      expect(date.getUTCDate()).toBe(d);
    }
  });

  it('plants phone numbers that libphonenumber (full metadata) accepts', () => {
    const phones = truth.plantedValues.filter((p) => p.category === 'phone');
    expect(phones.length).toBeGreaterThan(4);
    for (const p of phones) {
      const region = p.value.length === 10 ? 'US' : 'CN';
      expect(isValidPhoneNumber(p.value, region), `${p.value} (${p.written})`).toBe(true);
    }
  });

  it('writes every planted value into a post of its incident', () => {
    for (const p of truth.plantedValues) {
      const inc = truth.incidents.find((i) => i.incidentId === p.incidentId)!;
      expect(
        textsOf(inc).some((t) => t.includes(p.written)),
        `${p.incidentId} ${p.category}`,
      ).toBe(true);
    }
  });

  it('grows a dossier: later posts disclose more than the first one', () => {
    for (const inc of dox) {
      const planted = truth.plantedValues.filter((p) => p.incidentId === inc.incidentId);
      const first = byKey.get(inc.rootKeys[0]!)!.text!;
      const inFirst = planted.filter((p) => first.includes(p.written)).length;
      expect(inc.piiCategories.length).toBeGreaterThanOrEqual(6);
      expect(planted.length).toBeGreaterThan(inFirst + 2);
    }
  });

  it('calls on people to find and harass the target', () => {
    for (const inc of dox) {
      const calls = textsOf(inc).filter((t) => MOBILISATION.test(t)).length;
      expect(calls / inc.eventCount).toBeGreaterThan(0.15);
    }
  });

  it('jumps to a second platform by a link config/default.yaml recognises or by the same screenshot', () => {
    const patterns = compileLinkPatterns(loadConfig().graph.linkPatterns);
    for (const inc of dox) {
      expect(inc.platforms).toHaveLength(2);
      expect(inc.rootKeys).toHaveLength(2);
      const jump = inc.jump!;
      expect(jump.to).toBe(inc.rootKeys[1]);
      const to = byKey.get(jump.to)!;
      const from = byKey.get(jump.from)!;
      expect(from.platform).not.toBe(to.platform);
      expect(timeOf(from)).toBeLessThan(timeOf(to));
      if (jump.via.includes('url')) expect(linkedNodeKeys(to.urls ?? [], patterns, jump.to)).toContain(jump.from);
      if (jump.via.includes('media')) {
        const root = byKey.get(inc.rootKeys[0]!)!;
        expect(to.mediaHashes?.[0]).toBe(root.mediaHashes?.[0]);
      }
    }
    const via = new Set(dox.flatMap((d) => d.jump!.via.join('+')));
    expect(via.size).toBeGreaterThan(1);
  });

  it('spreads fast: half of each incident within 90 minutes of its first post', () => {
    for (const inc of dox) {
      const times = inc.eventIds.map((id) => timeOf(byId.get(id)!)).sort((a, b) => a - b);
      expect(times[Math.floor(times.length / 2)]! - inc.firstEventTime).toBeLessThan(90 * 60_000);
    }
  });

  it('uses fresh low-follower accounts among the participants', () => {
    for (const inc of dox) {
      const fresh = inc.eventIds.filter((id) => byId.get(id)!.authorFollowers <= 60).length;
      expect(fresh / inc.eventCount).toBeGreaterThan(0.2);
    }
  });

  it('some victims send notices about posts of their incident', () => {
    const notices = dox.flatMap((d) => d.notices.map((n) => ({ n, d })));
    expect(notices.length).toBeGreaterThan(0);
    for (const { n, d } of notices) {
      expect(byKey.has(n.postKey)).toBe(true);
      expect(d.eventIds).toContain(byKey.get(n.postKey)!.eventId);
      expect(n.time).toBeGreaterThan(d.firstEventTime);
      expect(lines.some((l) => l.includes(`"noticeId":"${n.noticeId}"`))).toBe(true);
    }
  });
});

describe('simulated hard cases', { timeout: 60_000 }, () => {
  it('business posts carry their own phone and address and no calls to harass', () => {
    for (const inc of incidents('business')) {
      const root = byKey.get(inc.rootKeys[0]!)!;
      expect(inc.piiCategories).toEqual(expect.arrayContaining(['phone', 'home_address']));
      expect(MOBILISATION.test(textsOf(inc).join('\n'))).toBe(false);
      expect(root.kind).toBe('post');
    }
  });

  it('public-interest posts name an official marked as a public figure, with an office phone', () => {
    const pi = incidents('public_interest');
    expect(pi.length).toBe(2);
    for (const inc of pi) {
      const root = byKey.get(inc.rootKeys[0]!)!;
      expect(root.mentions?.[0]?.publicFigure).toBe(true);
      expect(root.text).toMatch(/局长|书记|市长|处长|县长|Senator|Mayor|Commissioner|Governor/);
      expect(inc.publicFigure).toBe(true);
      expect(inc.piiCategories).not.toContain('home_address');
    }
  });

  it('news reports quote the vocabulary of doxxing without disclosing anyone', () => {
    for (const inc of incidents('news')) {
      expect(byKey.get(inc.rootKeys[0]!)!.text).toMatch(/人肉|开盒|doxxing|dig up/);
      expect(inc.piiCategories).toEqual([]);
    }
  });
});
