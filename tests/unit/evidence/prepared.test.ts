import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  chain,
  checkLink,
  GENESIS,
  linkPrepared,
  prepareBody,
  type EvidenceBody,
  type EvidenceEntry,
} from '../../../src/evidence/index.js';

// Awkward strings on purpose: quotes, backslashes, separators, non-BMP, keys sorting around the chain's own.
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.constantFrom('', '"', '\\', ',', ':', '}', '"hash":"x"', 'prev', 'seq', '\u2028', '😀'),
);
const value = fc.oneof(
  text,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(text, { maxLength: 3 }),
);
const body: fc.Arbitrary<EvidenceBody> = fc.record({
  kind: fc.constantFrom('alert', 'command', 'shadow_command', 'notice', 'verdict'),
  recordId: text,
  incidentId: fc.option(text),
  eventTime: text,
  digest: text,
  facts: fc.dictionary(fc.oneof(text, fc.constantFrom('hash', 'prev', 'level')), value, { maxKeys: 6 }),
  reasons: fc.array(fc.record({ detector: text, code: text, evidence: fc.array(text, { maxLength: 3 }) }), {
    maxLength: 3,
  }),
});

describe('prepared evidence bodies', () => {
  it('link to the entry, hash and line that chain() and canonicalJson make', () => {
    fc.assert(
      fc.property(body, fc.nat(), fc.stringMatching(/^[0-9a-f]{64}$/), fc.boolean(), (b, seq, prev, r) => {
        const entry = chain(b, seq, prev, r);
        expect(linkPrepared(prepareBody(b), seq, prev, r)).toEqual({ hash: entry.hash, line: canonicalJson(entry) });
      }),
      { numRuns: 500 },
    );
  });

  it('a chain linked from prepared bodies verifies', () => {
    fc.assert(
      fc.property(fc.array(body, { minLength: 1, maxLength: 6 }), (bodies) => {
        let prev: { seq: number; hash: string } | null = null;
        for (const [seq, b] of bodies.entries()) {
          const { line } = linkPrepared(prepareBody(b), seq, prev?.hash ?? GENESIS, false);
          const entry = JSON.parse(line) as EvidenceEntry;
          expect(checkLink(entry, prev)).toBeNull();
          prev = { seq, hash: entry.hash };
        }
      }),
    );
  });
});
