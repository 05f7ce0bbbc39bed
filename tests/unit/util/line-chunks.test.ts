import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineChunks, writeChunks } from '../../../src/util/index.js';

const joined = (chunks: readonly Buffer[]): Buffer => Buffer.concat(chunks);
const asLines = (lines: readonly string[]): Buffer => Buffer.from(lines.map((l) => l + '\n').join(''), 'utf8');

describe('LineChunks', () => {
  it('holds each line and a newline as UTF-8, in order, whatever the characters', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 300 }), { maxLength: 60 }), (lines) => {
        const c = new LineChunks();
        for (const l of lines) c.add(l);
        const want = asLines(lines);
        expect(c.bytes).toBe(want.length);
        expect(joined(c.take()).equals(want)).toBe(true);
      }),
    );
  });

  it('spans chunks: lines longer than a chunk, and many that fill several', () => {
    const long = '个人信息'.repeat(40_000); // 480,000 bytes: beyond any one chunk
    const lines = ['{"a":1}', long, ...Array.from({ length: 3000 }, (_, i) => `{"line":${i},"text":"转发 ✓ 🙂"}`)];
    const c = new LineChunks();
    for (const l of lines) c.add(l);
    const chunks = c.take();
    expect(chunks.length).toBeGreaterThan(2);
    expect(joined(chunks).equals(asLines(lines))).toBe(true);
  });

  it('starts afresh after a take: the lines taken are not written again', () => {
    const c = new LineChunks();
    c.add('first');
    expect(joined(c.take()).toString()).toBe('first\n');
    expect(c.bytes).toBe(0);
    expect(c.take()).toEqual([]);
    c.add('second');
    expect(joined(c.take()).toString()).toBe('second\n');
  });

  it('keeps an empty line as a newline', () => {
    const c = new LineChunks();
    c.add('');
    c.add('x');
    expect(joined(c.take()).toString()).toBe('\nx\n');
  });
});

describe('writeChunks', () => {
  it('writes every chunk in order to the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'line-chunks-'));
    try {
      const c = new LineChunks();
      const lines = Array.from({ length: 5000 }, (_, i) => `{"i":${i},"t":"人肉搜索 ${'x'.repeat(i % 97)}"}`);
      for (const l of lines) c.add(l);
      const f = await open(join(dir, 'out.ndjson'), 'w');
      await writeChunks(f, c.take());
      await f.close();
      expect(readFileSync(join(dir, 'out.ndjson')).equals(asLines(lines))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('goes on after a write that took only part, from the byte where it stopped', async () => {
    const written: Buffer[] = [];
    // a file that takes at most 5 bytes per call, as a write may
    const stingy = {
      writev: async (bufs: Buffer[]) => {
        const all = Buffer.concat(bufs).subarray(0, 5);
        written.push(Buffer.from(all));
        return { bytesWritten: all.length, buffers: bufs };
      },
    };
    const chunks = [Buffer.from('abc\n'), Buffer.alloc(0), Buffer.from('defghij\n'), Buffer.from('k\n')];
    await writeChunks(stingy, chunks);
    expect(Buffer.concat(written).toString()).toBe('abc\ndefghij\nk\n');
  });

  it('fails rather than spin when a write takes nothing', async () => {
    const stuck = { writev: async (bufs: Buffer[]) => ({ bytesWritten: 0, buffers: bufs }) };
    await expect(writeChunks(stuck, [Buffer.from('x\n')])).rejects.toThrow(/wrote nothing/);
  });
});
