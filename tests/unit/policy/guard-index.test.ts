import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PolicyGuard } from '../../../src/policy/index.js';

/** The command index as it was: an insertion-ordered Map, oldest deleted beyond capacity. */
class Reference {
  readonly index = new Map<string, { incidentId: string; rule: string }>();
  constructor(private readonly max: number) {}
  indexed(commandId: string, incidentId: string, rule: string): void {
    this.index.set(commandId, { incidentId, rule });
    if (this.index.size > this.max) this.index.delete(this.index.keys().next().value!);
  }
}

const op = fc.record({ cmd: fc.nat(30), inc: fc.nat(6), rule: fc.nat(2) });

describe('PolicyGuard command index', () => {
  it('names the same incident and rule for every command as the Map it replaces (evictions, re-indexing)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 }), fc.array(op, { maxLength: 300, size: 'max' }), (max, ops) => {
        const guard = new PolicyGuard(max);
        const ref = new Reference(max);
        const got: unknown[] = [];
        const want: unknown[] = [];
        for (const o of ops) {
          guard.indexed(`cmd${o.cmd}`, `inc${o.inc}`, `rule${o.rule}`);
          ref.indexed(`cmd${o.cmd}`, `inc${o.inc}`, `rule${o.rule}`);
          for (let c = 0; c <= 30; c++) {
            got.push(JSON.stringify(guard.incidentOfCommand(`cmd${c}`)));
            want.push(JSON.stringify(ref.index.get(`cmd${c}`) ?? null));
          }
        }
        expect(got).toEqual(want);
      }),
      { numRuns: 200 },
    );
  });

  it('counts a follow-up under its incident but not as issued', () => {
    const guard = new PolicyGuard(2);
    guard.issued('c1', 'i1', 'r');
    guard.indexed('c2', 'i1', 'r');
    expect(guard.incidentOfCommand('c1')).toEqual({ incidentId: 'i1', rule: 'r' });
    expect(guard.incidentOfCommand('c2')).toEqual({ incidentId: 'i1', rule: 'r' });
    guard.issued('c3', 'i3', 'r'); // evicts c1
    expect(guard.incidentOfCommand('c1')).toBeNull();
    expect(guard.precisionByRule()).toEqual([
      { rule: 'r', stats: { issued: 2, confirmed: 0, falsePositive: 0, publicInterest: 0 }, precision: null },
    ]);
  });
});
