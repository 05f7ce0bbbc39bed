import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeadLetterRecord } from '../../../src/contract/index.js';
import { checkOutputSet, createFileSink } from '../../../src/sink/index.js';
import { deadLetterAt } from '../../helpers/records.js';

// some long lines: a write of its own size per flush, so overlapping writes would interleave
const deadLetter = (i: number): DeadLetterRecord => deadLetterAt(i, 'x'.repeat(i % 7 === 0 ? 40_000 : 10));

/**
 * The Kafka source hands a partition's next chunk over while the previous chunk's flush is in flight, so a
 * file sink sees flushes overlap: each must write after the one before it (the files and their manifest
 * hashes in emit order), and a failed one must fail every later one.
 */
describe('file sink: overlapping flushes', () => {
  it('write in emit order, and the completed set checks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dg-flush-'));
    const sink = await createFileSink(dir);
    const flushes: Promise<void>[] = [];
    for (let i = 0; i < 200; i++) {
      sink.emit(deadLetter(i));
      if (i % 10 === 9) flushes.push(sink.flush()); // not awaited: the next ones overlap it
    }
    await Promise.all(flushes);
    await sink.close('completed');
    const offsets = readFileSync(join(dir, 'dlq.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => Number((JSON.parse(l) as { position: { offset: string } }).position.offset));
    expect(offsets).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(await checkOutputSet(dir)).toEqual({ ok: true });
  });

  it('a failed write fails that flush and every later one: nothing is written after a lost one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dg-flush-'));
    const sink = await createFileSink(dir);
    // the dlq file's next write fails once (a full disk, say), later ones would succeed
    const handle = (sink as unknown as { handles: Record<string, { writev: (bufs: Buffer[]) => Promise<unknown> }> })
      .handles['dlq']!;
    const writev = handle.writev.bind(handle);
    let failures = 0;
    handle.writev = (bufs) => (failures++ === 0 ? Promise.reject(new Error('ENOSPC')) : writev(bufs));
    sink.emit(deadLetter(1));
    const first = sink.flush();
    sink.emit(deadLetter(2));
    const second = sink.flush();
    await expect(first).rejects.toMatchObject({ code: 'DG_ERR_SINK_WRITE' });
    await expect(second).rejects.toMatchObject({ code: 'DG_ERR_SINK_WRITE' });
    await expect(sink.close('interrupted')).rejects.toMatchObject({ code: 'DG_ERR_SINK_WRITE' });
    expect(readFileSync(join(dir, 'dlq.ndjson.partial'), 'utf8')).toBe('');
    // the close that failed still closed every file (a FileHandle's fd is -1 once closed)
    const handles = (sink as unknown as { handles: Record<string, { fd: number }> }).handles;
    expect(Object.values(handles).map((h) => h.fd)).toEqual([-1, -1, -1, -1]);
  });
});
