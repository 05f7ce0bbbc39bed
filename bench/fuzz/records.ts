/**
 * Random input records, cheap enough for a million: a seeded PRNG (mulberry32)
 * makes random bytes, random JSON, objects shaped like schema-1 records with
 * fields of random type and content (some of them valid events with fresh ids)
 * and valid simulated records mutated. The same seed gives the same records.
 */
import { simulate } from '../../src/simulate/index.js';

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Kind = 'bytes' | 'json' | 'shaped' | 'valid' | 'mutated';
export const KINDS: readonly Kind[] = ['bytes', 'json', 'shaped', 'valid', 'mutated'];

export class RandomRecords {
  private readonly rnd: () => number;
  private readonly templates: string[];
  private n = 0;

  /**
   * `templates`: valid messages of the input format, to mutate and (for a platform format) to send as they
   * are as the `valid` kind; default simulated schema-1 records, and `valid` then makes fresh events.
   */
  constructor(
    seed: number,
    private readonly kinds: readonly Kind[] = KINDS,
    templates?: readonly string[],
  ) {
    this.rnd = mulberry32(seed);
    this.schemaOne = templates === undefined;
    this.templates =
      templates?.slice() ??
      simulate({ seed, backgroundCascades: 50, doxxing: 2, doxxingSize: 40, noticeShare: 1 }).lines.filter((l) =>
        l.startsWith('{'),
      );
  }

  private readonly schemaOne: boolean;

  private int(max: number): number {
    return Math.floor(this.rnd() * max);
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }

  private string(max = 24): string {
    const len = this.int(max);
    let s = '';
    for (let i = 0; i < len; i++) {
      const r = this.rnd();
      // ASCII, CJK, an emoji half (a lone surrogate now and then) or a control character
      s += String.fromCharCode(
        r < 0.6
          ? 32 + this.int(95)
          : r < 0.85
            ? 0x4e00 + this.int(0x5000)
            : r < 0.95
              ? 0xd800 + this.int(0x800)
              : this.int(32),
      );
    }
    return s;
  }

  private value(depth = 0): unknown {
    const r = this.int(depth > 2 ? 5 : 7);
    switch (r) {
      case 0:
        return this.string();
      case 1:
        return this.int(2 ** 31) - 2 ** 30;
      case 2:
        return this.rnd() * 1e12;
      case 3:
        return this.rnd() < 0.5;
      case 4:
        return null;
      case 5:
        return Array.from({ length: this.int(4) }, () => this.value(depth + 1));
      default: {
        const o: Record<string, unknown> = {};
        for (let i = this.int(4); i > 0; i--) o[this.string(8)] = this.value(depth + 1);
        return o;
      }
    }
  }

  private shaped(): Record<string, unknown> {
    const fields = [
      'type',
      'eventId',
      'platform',
      'kind',
      'postId',
      'parentId',
      'rootId',
      'authorId',
      'createdAt',
      'text',
      'urls',
      'receivedAt',
      'noticeId',
    ];
    const o: Record<string, unknown> = {};
    for (const f of fields) if (this.rnd() < 0.7) o[f] = this.rnd() < 0.5 ? this.string() : this.value();
    return o;
  }

  private valid(): Record<string, unknown> {
    const id = `${this.n}-${this.int(1e9)}`;
    return {
      eventId: `e${id}`,
      platform: this.pick(['weibo', 'x', 'reddit', 'douyin']),
      kind: 'post',
      postId: `p${id}`,
      authorId: `a${this.int(1e6)}`,
      // event time moves on 2 s a record, as a live stream's does: state older than the idle TTL expires
      createdAt: 1767600000000 + this.n * 2000,
      text: this.string(80),
    };
  }

  private mutated(): Buffer {
    const line = this.pick(this.templates);
    const bytes = Buffer.from(line);
    switch (this.int(3)) {
      case 0:
        return bytes.subarray(0, this.int(bytes.length));
      case 1: {
        const i = this.int(bytes.length);
        bytes[i] = bytes[i]! ^ (1 + this.int(255));
        return bytes;
      }
      default: {
        const json = JSON.parse(line) as Record<string, unknown>;
        const keys = Object.keys(json);
        json[this.pick(keys)] = this.value();
        return Buffer.from(JSON.stringify(json));
      }
    }
  }

  /** The next record's bytes and which kind it is. */
  next(): { kind: Kind; value: Buffer } {
    this.n++;
    const kind = this.kinds[this.int(this.kinds.length)]!;
    switch (kind) {
      case 'bytes': {
        const b = Buffer.allocUnsafe(this.int(512));
        for (let i = 0; i + 4 <= b.length; i += 4) b.writeUInt32LE((this.rnd() * 4294967296) >>> 0, i);
        for (let i = b.length & ~3; i < b.length; i++) b[i] = this.int(256);
        return { kind, value: b };
      }
      case 'json':
        return { kind, value: Buffer.from(JSON.stringify(this.value()) ?? 'null') };
      case 'shaped':
        return { kind, value: Buffer.from(JSON.stringify(this.shaped())) };
      case 'valid':
        return {
          kind,
          value: Buffer.from(this.schemaOne ? JSON.stringify(this.valid()) : this.pick(this.templates)),
        };
      case 'mutated':
        return { kind, value: this.mutated() };
    }
  }
}
