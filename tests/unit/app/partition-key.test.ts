import { Partitioners } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { CascadeKeyer, partitionOfKey } from '../../../src/app/workers/index.js';
import type { InputRecord } from '../../../src/contract/index.js';

describe('file-mode partitioning', () => {
  it('sends every key where the Kafka producer sends it (murmur2, as kafkajs and Java do)', () => {
    for (const partitions of [1, 2, 3, 6, 12, 100]) {
      const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
        partitionErrorCode: 0,
        partitionId,
        leader: 0,
        replicas: [0],
        isr: [0],
      }));
      const kafka = Partitioners.DefaultPartitioner();
      const keys = ['', 'a', 'ab', 'abc', 'abcd', 'weibo:4951234567890123', 'x:1', '抖音:视频', 'reddit:t3_abc12'];
      for (let i = 0; i < 500; i++) keys.push(`platform-${i % 7}:${(i * 7919).toString(36)}${'z'.repeat(i % 5)}`);
      for (const key of keys)
        expect(partitionOfKey(key, partitions), key).toBe(
          kafka({ topic: 't', partitionMetadata, message: { key, value: null } }),
        );
    }
  });

  it('keys a post by its cascade root, a notice and a deletion by their post’s root, a verdict by what it names', () => {
    const keyer = new CascadeKeyer(1000);
    const ev = (postId: string, parentId: string | null, rootId: string | null = null) =>
      ({ type: 'event', platform: 'weibo', postId, parentId, rootId }) as unknown as InputRecord;
    expect(keyer.keyOf(ev('r', null))).toBe('weibo:r');
    expect(keyer.keyOf(ev('a', 'r'))).toBe('weibo:r');
    expect(keyer.keyOf(ev('b', 'a'))).toBe('weibo:r');
    expect(keyer.keyOf(ev('c', 'zz', 'root2'))).toBe('weibo:root2');
    expect(keyer.keyOf(ev('d', 'unknown'))).toBe('weibo:unknown');
    expect(keyer.keyOf({ type: 'notice', platform: 'weibo', postId: 'b' } as InputRecord)).toBe('weibo:r');
    expect(keyer.keyOf({ type: 'delete', platform: 'weibo', postId: 'q' } as InputRecord)).toBe('weibo:q');
    expect(keyer.keyOf({ type: 'verdict', incidentId: 'i1', commandId: null } as InputRecord)).toBe('incident:i1');
  });
});
