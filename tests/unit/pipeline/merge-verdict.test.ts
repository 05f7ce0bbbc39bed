import { describe, expect, it } from 'vitest';
import type { InterventionRecord } from '../../../src/contract/index.js';
import { createPipeline } from '../../../src/pipeline/index.js';
import { createMemorySink } from '../../../src/sink/index.js';
import { burst, eventLine, T0 } from '../../helpers/events.js';
import { raw, testConfig } from '../../helpers/pipeline.js';

/**
 * A Weibo burst is throttled; an X cascade that started a minute earlier then links its root and absorbs it
 * (the earlier-started incident keeps its id). Then a reviewer's false-positive verdict, naming what the
 * platform received: `named(command)` builds it. Returns the lifts it caused and the ids involved.
 */
async function verdictAfterMerge(named: (command: InterventionRecord, absorbedId: string) => Record<string, unknown>) {
  const sink = createMemorySink();
  // spread alone decides here (no PII scanner in this test): the burst is throttled on speed
  const config = testConfig({ risk: { weights: { spread: 1, sensitivity: 0, mobilisation: 0, malice: 0 } } });
  const pipeline = createPipeline({ config, sink });
  const feed = (lines: string[]) => pipeline.handleBatch({ records: raw(lines), commit: async () => {} });
  await feed([eventLine({ eventId: 'b-0', postId: 'b0', platform: 'x', createdAt: T0 - 60_000 })]);
  await feed(burst('w', 400, T0, 200));
  const weibo = pipeline.store.incidentOfNode('weibo:w')!;
  const absorbedId = weibo.id;
  const inForce = sink.records.filter(
    (r): r is InterventionRecord =>
      r.schema === 'doxguard.intervention/1' &&
      r.incidentId === absorbedId &&
      r.action !== 'lift' &&
      weibo.commands.has(r.id),
  );
  expect(inForce.length).toBeGreaterThan(0);
  await feed([
    eventLine({
      eventId: 'b-1',
      postId: 'b1',
      parentId: 'b0',
      platform: 'x',
      createdAt: T0 + 81_000,
      urls: ['https://weibo.com/1234/w'],
    }),
  ]);
  const joined = pipeline.store.incidentOfNode('weibo:w')!;
  expect(joined).toBe(pipeline.store.incidentOfNode('x:b0'));
  expect(joined.id).not.toBe(absorbedId);
  const before = sink.records.length;
  const verdict = { type: 'verdict', verdictId: 'v1', decision: 'false_positive', decidedAt: T0 + 82_000 };
  await feed([JSON.stringify({ ...verdict, ...named(inForce[0]!, absorbedId) })]);
  const lifts = sink.records
    .slice(before)
    .filter((r): r is InterventionRecord => r.schema === 'doxguard.intervention/1' && r.action === 'lift');
  return { lifts, command: inForce[0]!, joinedId: joined.id };
}

describe('a verdict about an incident that was merged away reaches the incident that absorbed it', () => {
  it('naming only the command: a false positive lifts it, under the joined id', async () => {
    const r = await verdictAfterMerge((c) => ({ commandId: c.id }));
    expect(r.lifts.map((l) => l.lifts)).toContain(r.command.id);
    expect(new Set(r.lifts.map((l) => l.incidentId))).toEqual(new Set([r.joinedId]));
  });

  it('naming the incident id its commands carried: a false positive lifts them, under the joined id', async () => {
    const r = await verdictAfterMerge((_, absorbedId) => ({ incidentId: absorbedId }));
    expect(r.lifts.map((l) => l.lifts)).toContain(r.command.id);
    expect(new Set(r.lifts.map((l) => l.incidentId))).toEqual(new Set([r.joinedId]));
  });
});
