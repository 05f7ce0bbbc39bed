import type { RawRecord, SourcePosition } from '../../contract/index.js';

/**
 * Records as they cross to a worker thread: every value copied into one
 * buffer that is transferred, not cloned (a record's value is a view into a
 * 64 KB read chunk, which structured cloning would copy whole). Keys stay
 * behind: nothing past the source reads them.
 */
export interface PackedRecords {
  readonly bytes: ArrayBuffer;
  /** value i is bytes[ends[i-1] .. ends[i]); -1: no value */
  readonly ends: Int32Array;
  readonly positions: readonly SourcePosition[];
}

export function packRecords(records: readonly RawRecord[]): PackedRecords {
  let total = 0;
  for (const r of records) total += r.value?.length ?? 0;
  const bytes = new Uint8Array(total);
  const ends = new Int32Array(records.length);
  let at = 0;
  for (let i = 0; i < records.length; i++) {
    const v = records[i]!.value;
    if (v === null) ends[i] = -1 - at;
    else {
      bytes.set(v, at);
      at += v.length;
      ends[i] = at;
    }
  }
  return { bytes: bytes.buffer, ends, positions: records.map((r) => r.position) };
}

export function unpackRecords(p: PackedRecords): RawRecord[] {
  const bytes = Buffer.from(p.bytes);
  const out = new Array<RawRecord>(p.ends.length);
  let at = 0;
  for (let i = 0; i < p.ends.length; i++) {
    const end = p.ends[i]!;
    if (end < 0) out[i] = { value: null, key: null, position: p.positions[i]! };
    else {
      out[i] = { value: bytes.subarray(at, end), key: null, position: p.positions[i]! };
      at = end;
    }
  }
  return out;
}

/** What to transfer (not clone) with a message holding these packs. */
export const transferList = (packs: readonly PackedRecords[]): ArrayBuffer[] => packs.map((p) => p.bytes);
