import { describe, expect, it } from 'vitest';
import { alertDecision, commandDecision } from '../../../bench/core/decisions.js';
import { DETECTORS, detectorDefaults } from '../../../detectors/index.js';
import { createScanner } from '../../../src/app/index.js';
import type { AlertRecord, InterventionRecord, OutputRecord } from '../../../src/contract/index.js';
import { simulate } from '../../../src/simulate/index.js';
import { DEMO_OPTIONS } from '../../../src/simulate/make-examples.js';
import { runLines, testConfig } from '../../helpers/pipeline.js';

/**
 * What the five cascade detectors decide under the shipped risk model (README "Performance": the pipeline
 * without them). Spread weighs 0 in the fitted score and the amplifier is off, so they decide `watch` on spread
 * alone, and through it only what acts from watch (a minor's protection, public-interest review) where harm
 * alone would not have watched the incident. On this simulated traffic every command and every warning or
 * critical alert (time, incident, action, rule, targets, score) is the same with the family off. A risk model
 * that lets spread count (an amplifier, a spread weight) changes that, and the second case shows the test sees it.
 */
const CASCADE = DETECTORS.filter((d) => d.family === 'cascade').map((d) => d.name);
/** Every registered detector as shipped but the cascade family (a `detectors` map replaces the default one). */
const familyOff = Object.fromEntries(
  Object.entries(detectorDefaults()).map(([name, d]) => [name, { ...d, enabled: !CASCADE.includes(name) }]),
);

const { lines } = simulate({ ...DEMO_OPTIONS, seed: 'cascade-family', backgroundCascades: 300, viral: 2 });

/** The decisions of a run (bench/core/decisions.ts: commands and non-watch alerts, without their reasons). */
function decisions(records: readonly OutputRecord[]): { commands: string[]; alerts: string[]; watch: number } {
  const alerts = records.filter((r): r is AlertRecord => r.schema === 'doxguard.alert/1');
  return {
    commands: records
      .filter((r): r is InterventionRecord => r.schema === 'doxguard.intervention/1')
      .map(commandDecision),
    alerts: alerts.map(alertDecision).filter((line) => line !== null),
    watch: alerts.filter((a) => a.level === 'watch').length,
  };
}

async function run(overrides: Record<string, unknown>): Promise<ReturnType<typeof decisions>> {
  const config = testConfig(overrides);
  const { records } = await runLines(lines, config, await createScanner(config, config.fingerprintSecret!), 500);
  return decisions(records);
}

describe('the cascade family under the shipped risk model', { timeout: 120_000 }, () => {
  it('decides watch on spread alone: the same commands, warnings and criticals with it off', async () => {
    expect(CASCADE).toHaveLength(5);
    const on = await run({});
    const off = await run({ detectors: familyOff });
    expect(on.commands.length).toBeGreaterThan(100);
    expect(on.commands.some((c) => c.includes(' throttle '))).toBe(true);
    expect(on.alerts.length).toBeGreaterThan(2);
    expect(off.commands).toEqual(on.commands);
    expect(off.alerts).toEqual(on.alerts);
    // the family is at work: the viral cascades are watched on spread alone only with it on
    expect(on.watch).toBeGreaterThan(off.watch);
  });

  it('decides more once spread counts: with an amplifier, turning it off changes the commands', async () => {
    const risk = { amplifier: { sensitivity: 0.4, mobilisation: 0.4 } };
    const on = await run({ risk });
    const off = await run({ risk, detectors: familyOff });
    expect(off.commands).not.toEqual(on.commands);
  });
});
