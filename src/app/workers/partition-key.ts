import type { InputRecord } from '../../contract/index.js';
import { BoundedMap } from '../../util/index.js';

/**
 * Kafka's murmur2 (org.apache.kafka.common.utils.Utils.murmur2, as kafkajs's
 * DefaultPartitioner computes it), so a file run partitions exactly as the
 * producer partitions a topic: partition = (murmur2(key) & 0x7fffffff) % n.
 */
export function murmur2(data: Uint8Array): number {
  const m = 0x5bd1e995;
  const length = data.length;
  let h = 0x9747b28c ^ length;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m) ^ k;
  }
  const rest = length & 3;
  if (rest === 3) h ^= data[whole + 2]! << 16;
  if (rest >= 2) h ^= data[whole + 1]! << 8;
  if (rest >= 1) h = Math.imul(h ^ data[whole]!, m);
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

const utf8 = new TextEncoder();

/** The partition Kafka's default partitioner sends `key` to on a topic of `partitions` partitions. */
export function partitionOfKey(key: string | Uint8Array, partitions: number): number {
  const bytes = typeof key === 'string' ? utf8.encode(key) : key;
  return (murmur2(bytes) & 0x7fffffff) % partitions;
}

/**
 * The keying contract (README "Keying and scale-out"): an event is keyed by
 * its cascade's root post, `platform:rootPostId` (its rootId, else its
 * parent's root as seen so far, else its parent, else itself); a notice or a
 * deletion by the root of the post it is about; a verdict by the incident or
 * command it names (`incident:<id>` / `command:<id>`), which the caller can
 * map to the partition that made it. Roots are remembered for the `capacity`
 * most recent posts (oldest forgotten first), as a producer would keep them.
 */
export class CascadeKeyer {
  private readonly rootOf: BoundedMap<string, string>;

  constructor(capacity: number) {
    this.rootOf = new BoundedMap(capacity);
  }

  keyOf(record: InputRecord): string {
    switch (record.type) {
      case 'event': {
        const self = `${record.platform}:${record.postId}`;
        let key = self;
        if (record.rootId !== null) key = `${record.platform}:${record.rootId}`;
        else if (record.parentId !== null) {
          const parent = `${record.platform}:${record.parentId}`;
          key = this.rootOf.get(parent) ?? parent;
        }
        this.remember(self, key);
        return key;
      }
      case 'notice':
      case 'delete': {
        const self = `${record.platform}:${record.postId}`;
        return this.rootOf.get(self) ?? self;
      }
      case 'verdict':
        return record.incidentId !== null ? `incident:${record.incidentId}` : `command:${record.commandId}`;
    }
  }

  private remember(self: string, key: string): void {
    if (!this.rootOf.has(self)) this.rootOf.set(self, key);
  }
}
