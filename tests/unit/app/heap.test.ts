import { describe, expect, it } from 'vitest';
import { applyHeapLimits } from '../../../src/app/heap.js';
import { ConfigSchema, loadConfig } from '../../../src/config/index.js';
import { isDoxguardError } from '../../../src/errors/index.js';

describe('limits.heapGrowingPercent', () => {
  it('is off by default: V8 keeps its own growth and no flag is set', () => {
    const flags: string[] = [];
    expect(ConfigSchema.parse({}).limits.heapGrowingPercent).toBeNull();
    expect(applyHeapLimits(ConfigSchema.parse({}), (f) => flags.push(f))).toBeNull();
    expect(flags).toEqual([]);
  });

  it("sets V8's --heap-growing-percent to the configured value and says so", () => {
    const flags: string[] = [];
    const config = loadConfig({ env: { DOXGUARD_CONFIG__limits__heapGrowingPercent: '20' } });
    const note = applyHeapLimits(config, (f) => flags.push(f));
    expect(flags).toEqual(['--heap-growing-percent=20']);
    expect(note).toMatch(/20% of the live heap/);
  });

  it('refuses a value outside 10–300 or not a whole number', () => {
    for (const bad of [5, 301, 12.5, -1, '20'])
      try {
        loadConfig({ env: {}, overrides: { limits: { heapGrowingPercent: bad } } });
        expect.unreachable(`accepted ${String(bad)}`);
      } catch (e) {
        expect(isDoxguardError(e)).toBe(true);
      }
    expect(loadConfig({ env: {}, overrides: { limits: { heapGrowingPercent: 10 } } }).limits.heapGrowingPercent).toBe(
      10,
    );
  });
});
