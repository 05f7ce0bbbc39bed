import { describe, expect, it } from 'vitest';
import { forecast } from '../../../detectors/cascade/forecast.js';
import { velocity } from '../../../detectors/cascade/velocity.js';
import type { Detector } from '../../../src/contract/index.js';
import { brokenTickPromise } from '../../helpers/tick-due.js';

/** `d` promising its next tick `late` ms after it really is due (Infinity: never). */
function lying(d: Detector, late: number): Detector {
  return {
    ...d,
    tick: (state, ctx, options, shared) => {
      const r = d.tick!(state, ctx, options, shared);
      return { ...r, dueAt: (r.dueAt ?? ctx.watermark) + late };
    },
  };
}

// The conformance suite's promise check (conformance.test.ts) must catch a detector whose judgement moves
// with event time and that promises too late: else it would pass a lie that changes outputs.
describe.each([
  ['cascade/velocity', velocity as Detector],
  ['cascade/forecast', forecast as Detector],
])('the tick promise check on %s', (_name, d) => {
  const options = d.options.parse({});

  it('passes the detector as it is', () => {
    expect(brokenTickPromise(d, options, 1)).toBeNull();
  });

  it.each([Infinity, 10 * 60_000])('fails it when it promises %s ms too late', (late) => {
    const found = [1, 2, 3].map((seed) => brokenTickPromise(lying(d, late), options, seed));
    expect(found.some((x) => x !== null)).toBe(true);
  });
});
