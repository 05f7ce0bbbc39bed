import { describe, expect, it } from 'vitest';
import type { InterventionRecord } from '../../../src/contract/index.js';
import { createPipeline } from '../../../src/pipeline/index.js';
import { createMemorySink } from '../../../src/sink/index.js';
import { burst, eventLine, T0 } from '../../helpers/events.js';
import { raw, testConfig } from '../../helpers/pipeline.js';

describe('a verdict naming a command of an incident that was merged away', () => {
  it('reaches the incident that absorbed it: a false positive lifts the command', async () => {
    const sink = createMemorySink();
    // spread alone decides here (no PII scanner in this test): the burst is throttled on speed
    const config = testConfig({ risk: { weights: { spread: 1, sensitivity: 0, mobilisation: 0, malice: 0 } } });
    const pipeline = createPipeline({ config, sink });
    const feed = (lines: string[]) => pipeline.handleBatch({ records: raw(lines), commit: async () => {} });
    // an X cascade that started a minute earlier (its incident keeps its id in a merge), then the Weibo burst
    await feed([eventLine({ eventId: 'b-0', postId: 'b0', platform: 'x', createdAt: T0 - 60_000 })]);
    await feed(burst('w', 400, T0, 200)); // a Weibo burst fast enough to be throttled
    const weibo = pipeline.store.incidentOfNode('weibo:w')!;
    const absorbedId = weibo.id;
    const commands = sink.records.filter(
      (r): r is InterventionRecord => r.schema === 'doxguard.intervention/1' && r.incidentId === absorbedId,
    );
    const inForce = commands.filter((c) => c.action !== 'lift' && weibo.commands.has(c.id));
    expect(inForce.length).toBeGreaterThan(0);
    // a reply in the X cascade links the Weibo root: the two incidents join under the X incident's id
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
    // the reviewer names only the command the platform received, issued under the absorbed incident's id
    const named = inForce[0]!;
    const before = sink.records.length;
    await feed([
      JSON.stringify({
        type: 'verdict',
        verdictId: 'v1',
        commandId: named.id,
        decision: 'false_positive',
        decidedAt: T0 + 82_000,
      }),
    ]);
    const lifts = sink.records
      .slice(before)
      .filter((r): r is InterventionRecord => r.schema === 'doxguard.intervention/1' && r.action === 'lift');
    expect(lifts.map((l) => l.lifts)).toContain(named.id);
    expect(new Set(lifts.map((l) => l.incidentId))).toEqual(new Set([joined.id]));
  });
});
