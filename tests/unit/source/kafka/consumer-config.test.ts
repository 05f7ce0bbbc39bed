import { describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../../../src/config/index.js';
import { consumerConfig } from '../../../../src/source/kafka/index.js';

describe('consumerConfig', () => {
  it("answers fetches at 64 KiB or 30 ms by default, not at kafkajs's 1 byte or 5 s", () => {
    const c = consumerConfig(ConfigSchema.parse({}).kafka);
    expect(c.minBytes).toBe(65536);
    expect(c.maxWaitTimeInMs).toBe(30);
    expect(c.allowAutoTopicCreation).toBe(false);
  });

  it('takes the fetch settings and the group from the config', () => {
    const k = ConfigSchema.parse({ kafka: { groupId: 'g1', fetchMinBytes: 1, fetchMaxWaitMs: 500 } }).kafka;
    expect(consumerConfig(k)).toMatchObject({ groupId: 'g1', minBytes: 1, maxWaitTimeInMs: 500 });
  });

  it('refuses a fetch wait of 0 (a busy loop) or over a minute, naming the key', () => {
    for (const fetchMaxWaitMs of [0, 60001]) {
      const r = ConfigSchema.safeParse({ kafka: { fetchMaxWaitMs } });
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.path).toEqual(['kafka', 'fetchMaxWaitMs']);
    }
  });
});
