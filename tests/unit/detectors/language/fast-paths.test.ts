import { describe, expect, it } from 'vitest';
import {
  businessContact,
  businessContext,
  CONTACT,
  type BusinessContactOptions,
  type BusinessContactState,
} from '../../../../detectors/language/business-contact.js';
import { BUSINESS, THIRD_PARTY } from '../../../../detectors/language/business-lexicon.js';
import { anyOf, normalise, prepared, stripQuotes } from '../../../../detectors/language/text.js';
import { pushEvidence } from '../../../../detectors/cascade/shared.js';
import { createPiiScanner } from '../../../../detectors/pii/index.js';
import type { EnrichedEvent } from '../../../../src/contract/index.js';
import { ctxOf, ev } from '../cascade/fixtures.js';

/**
 * The cheaper paths of the language detectors (one combined regex before the
 * list, the business cues read only for a root post with contacts, the
 * normalisation scan, cached signals) give exactly what the plain
 * computation gives.
 */

const PIECES = [
  '本店营业时间10:00-22:00',
  '门店地址：上海市浦东新区张江路100号',
  '欢迎来电',
  '联系我们：官方客服电话400-800-1234',
  'Visit our store at 123 Main St. Opening hours 9-5.',
  'Call us to book now',
  '这是他开的店',
  '去他店里闹',
  'Her shop is at 12 Oak St',
  'He owns the bakery',
  '他的电话13812345678',
  '住在朝阳区建国路88号3栋2单元501室',
  '“本店欢迎来电”',
  '据报道，警方提醒不要人肉',
  'ＡＢＣ　ｄｅｆ！',
  'it’s ‘quoted’ `tick`',
  '全场八折',
  '1-star',
  'email service@acme-example.com',
  '',
  '转发',
];

/** Deterministic texts made of the pieces above, one to three at a time. */
function texts(n: number): string[] {
  const out: string[] = [];
  let x = 12345;
  const next = (m: number): number => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x % m;
  };
  for (let i = 0; i < n; i++) {
    const k = 1 + next(3);
    out.push(Array.from({ length: k }, () => PIECES[next(PIECES.length)]!).join(next(2) ? '，' : ' '));
  }
  return out;
}

describe('text fast paths', () => {
  const corpus = [...PIECES, ...texts(300)];

  it('normalise folds like the full replace chain', () => {
    const full = (t: string): string =>
      t
        .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
        .replace(/[’‘`]/g, "'")
        .toLowerCase();
    for (const t of corpus) expect(normalise(t)).toBe(full(t));
  });

  it('stripQuotes blanks like the plain replace', () => {
    const QUOTED = /“[^”]{0,200}”|"[^"]{0,200}"|「[^」]{0,200}」|『[^』]{0,200}』|‘[^’]{0,200}’/g;
    const extra = ['a “b” c', 'say "hi" now', '「引用」和『书名』', '‘single’', 'open “ never closed', 'none here'];
    for (const t of [...corpus, ...extra]) {
      expect(stripQuotes(t)).toBe(t.replace(QUOTED, (m) => ' '.repeat(m.length)));
      expect(stripQuotes(normalise(t))).toBe(normalise(t).replace(QUOTED, (m) => ' '.repeat(m.length)));
    }
  });

  it('a combined regex matches exactly where one of the list does', () => {
    const business = BUSINESS.map((c) => c.re);
    for (const t of corpus) {
      const u = prepared(t).unquoted;
      expect(anyOf(THIRD_PARTY).test(u)).toBe(THIRD_PARTY.some((re) => re.test(u)));
      expect(anyOf(business).test(u)).toBe(business.some((re) => re.test(u)));
    }
  });

  it('prepared gives one shared, unchanged answer per text', () => {
    const a = prepared('Ｈｅｌｌｏ “x”');
    expect(prepared('Ｈｅｌｌｏ “x”')).toBe(a);
    expect(a).toEqual({ norm: 'hello “x”', unquoted: 'hello    ' });
    prepared('other');
    expect(a).toEqual({ norm: 'hello “x”', unquoted: 'hello    ' });
  });
});

/** The step as it was, on businessContext for every post: the reference. */
function referenceStep(state: BusinessContactState, event: EnrichedEvent, o: BusinessContactOptions): void {
  const addCapped = (set: Set<string>, v: string): void => {
    if (set.has(v)) return;
    if (set.size >= o.maxFingerprints) state.overflow = true;
    else set.add(v);
  };
  let contact = false;
  for (const f of event.findings) {
    if (f.confidence < o.minConfidence) continue;
    if (CONTACT.has(f.category)) contact = true;
    else state.other.add(f.category);
  }
  const bc = businessContext(event.text);
  if (bc.thirdParty) state.thirdParty++;
  const root = event.kind === 'post' && event.parentId === null;
  const selfDisclosure = contact && !bc.thirdParty && bc.strength >= o.minContext && root;
  if (contact)
    for (const f of event.findings)
      if (f.confidence >= o.minConfidence && CONTACT.has(f.category)) {
        if (selfDisclosure) {
          addCapped(state.covered, f.fingerprint);
          state.categories.add(f.category);
        } else addCapped(state.outside, f.fingerprint);
      }
  if (selfDisclosure) {
    state.strength = Math.max(state.strength, bc.strength);
    if (bc.codes.some((c) => !state.codes.includes(c)))
      state.codes = [...new Set([...state.codes, ...bc.codes])].sort();
    state.evidence = pushEvidence(state.evidence, event.eventId, o.maxEvidence);
  }
}

describe('language/business-contact fast paths', () => {
  const scanner = createPiiScanner({}, 'business-contact-test-secret-0123456789');
  const events = texts(400).map((text, i) => {
    const e = ev({ text, ...(i % 3 === 0 ? { kind: 'post' as const, parentId: null } : { parentId: 'root' }) });
    return { ...e, findings: scanner.scan(text, e) };
  });

  it.each([{}, { minContext: 0 }, { minContext: 0.5, maxFingerprints: 3 }])(
    'keeps the state and signals of the plain computation (options %j)',
    (over) => {
      const o = businessContact.options.parse(over);
      // incidents of a few posts each, so that signals come and go
      for (let start = 0; start < events.length; start += 5) {
        let live = businessContact.init(o);
        // the reference adds to its sets in place: a restored state owns its sets (init shares empty ones)
        const ref = businessContact.restore(businessContact.save(businessContact.init(o)), o);
        for (const e of events.slice(start, start + 5)) {
          const r = businessContact.step(live, e, ctxOf(), o);
          live = r.state;
          referenceStep(ref, e, o);
          expect(JSON.stringify(businessContact.save(live))).toBe(JSON.stringify(businessContact.save(ref)));
          // a restored state has no cached signal: it judges afresh
          const fresh = businessContact.restore(JSON.parse(JSON.stringify(businessContact.save(ref))), o);
          const again = businessContact.step(fresh, ev({ text: '' }), ctxOf(), o).signals;
          const liveAgain = businessContact.step(live, ev({ text: '' }), ctxOf(), o).signals;
          expect(JSON.stringify(liveAgain)).toBe(JSON.stringify(again));
          expect(JSON.stringify(r.signals).length).toBeGreaterThan(1);
        }
      }
    },
  );
});
