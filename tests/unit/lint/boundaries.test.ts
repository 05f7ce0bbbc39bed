import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../../src/util/index.js';

/**
 * The layout rules of eslint.config.js fire: each test plants a file (in
 * memory, at a path inside the repository) that breaks one rule and reads
 * what `npm run lint` would say about it.
 */
const eslint = new ESLint({ cwd: packageRoot() });
const LAYOUT_RULES = new Set([
  'doxguard/never',
  'doxguard/via-index',
  'no-restricted-imports',
  'no-restricted-properties',
  'no-restricted-globals',
]);

async function layoutErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId !== null && LAYOUT_RULES.has(m.ruleId)).map((m) => m.message);
}

describe('layout lint rules', { timeout: 120_000 }, () => {
  it.each([
    ['detectors-do-no-io', 'detectors/cascade/planted.ts', "export { createFileSink } from '../../src/sink/index.js';"],
    ['detectors-do-no-io', 'detectors/pii/planted.ts', "export { createKafkaClient } from '../../src/kafka/index.js';"],
    ['graph-knows-no-detector', 'src/graph/planted.ts', "export { DETECTORS } from '../../detectors/index.js';"],
    ['incident-state-knows-no-policy', 'src/incident/planted.ts', "export { decide } from '../policy/index.js';"],
    ['decode-knows-no-graph', 'src/decode/planted.ts', "export { PropagationGraph } from '../graph/index.js';"],
    ['policy-sends-nothing', 'src/policy/planted.ts', "export { createFileSink } from '../sink/index.js';"],
    ['contract-imports-nothing', 'src/contract/planted.ts', "export { isoTime } from '../util/index.js';"],
  ])('%s fires on a planted %s', async (rule, file, code) => {
    const errors = await layoutErrors(file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^\\[${rule}\\] `));
  });

  it('via-index fires when a stage reaches into another stage past its index.ts', async () => {
    const errors = await layoutErrors('src/policy/planted.ts', "export { Incident } from '../incident/incident.js';");
    expect(errors).toEqual([
      '[via-index] src/incident/incident.ts: import src/incident through src/incident/index.ts (export what is needed there)',
    ]);
    // the Kafka adapters, loaded on demand, are entered through their own index.ts
    expect(
      await layoutErrors('src/app/planted.ts', "export { planRanges } from '../source/kafka/range-source.js';"),
    ).toEqual([
      '[via-index] src/source/kafka/range-source.ts: import src/source through src/source/kafka/index.ts (export what is needed there)',
    ]);
    expect(await layoutErrors('src/app/planted.ts', "export { planRanges } from '../source/kafka/index.js';")).toEqual(
      [],
    );
  });

  it('the pure core imports no I/O, clock or randomness', async () => {
    const core = 'src/risk/planted.ts';
    expect(await layoutErrors(core, "export { readFileSync } from 'node:fs';")).toEqual([
      "'node:fs' import is restricted from being used. the core does no I/O",
    ]);
    expect(await layoutErrors('detectors/cascade/planted.ts', "export { Kafka } from 'kafkajs';")).toHaveLength(1);
    expect(await layoutErrors(core, "export { randomUUID } from 'node:crypto';")).toHaveLength(1);
    expect(await layoutErrors(core, 'export const t = Date.now();')).toHaveLength(1);
    expect(await layoutErrors(core, 'export const r = Math.random();')).toHaveLength(1);
    expect(await layoutErrors(core, 'setTimeout(() => {}, 1);')).toHaveLength(1);
    // pure helpers of the same modules stay allowed
    expect(await layoutErrors(core, "export { createHash } from 'node:crypto';")).toEqual([]);
    expect(await layoutErrors(core, "export { isIP } from 'node:net';")).toEqual([]);
  });

  it('a stage that goes through the contract and index.ts files along the arrows is clean', async () => {
    const code = [
      "export type { Incident } from '../incident/index.js';",
      "export { SCHEMAS } from '../contract/index.js';",
      "export { levelRank } from '../risk/index.js';",
    ].join('\n');
    expect(await layoutErrors('src/policy/planted.ts', code)).toEqual([]);
  });
});
