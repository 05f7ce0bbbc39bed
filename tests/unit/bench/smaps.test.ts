import { describe, expect, it } from 'vitest';
import { classifySmaps, nativeMemory } from '../../../bench/core/smaps.js';

/** One smaps entry: its header line and an Rss line (the classifier reads nothing else). */
const entry = (range: string, perms: string, rssKB: number, path = ''): string =>
  `${range} ${perms} 00000000 00:00 0 ${path}\nSize: 4 kB\nRss: ${rssKB} kB\nPss: ${rssKB} kB\nVmFlags: rd wr mr mw me ac\n`;

describe('classifySmaps', () => {
  it('tells the node binary, brk heap, glibc arenas, V8 pages, code and the rest apart', () => {
    const text = [
      entry('00400000-00b6f000', 'r--p', 2048, '/usr/bin/node'),
      entry('37525000-377e8000', 'rw-p', 1024, '[heap]'),
      // V8 pages: 256 KB-aligned, 256 KB multiples
      entry('5ab0380000-5ab03c0000', 'rw-p', 256),
      entry('2b1d3540000-2b1d3600000', 'rw-p', 512),
      // a 4 KB-aligned anonymous block (malloc's own mmap): other
      entry('2b1d3601000-2b1d3642000', 'rw-p', 100),
      entry('7f7d267c3000-7f7d267ff000', 'rwxp', 240),
      // a glibc arena: rw from a 64 MB boundary, the rest of 64 MB reserved after it
      entry('7f7d48000000-7f7d48021000', 'rw-p', 132),
      entry('7f7d48021000-7f7d4c000000', '---p', 0),
      // a full 64 MB arena (no reserved tail)
      entry('7f7d50000000-7f7d54000000', 'rw-p', 4000),
      // 64 MB-aligned but followed by a read-write block: not an arena
      entry('7f7d58000000-7f7d58001000', 'rw-p', 4),
      entry('7f7d58001000-7f7d58002000', 'rw-p', 4),
      entry('7ffd1000000-7ffd1021000', 'rw-p', 16, '[stack]'),
    ].join('');
    expect(classifySmaps(text)).toEqual({
      rssMB: Math.round(((2048 + 1024 + 256 + 512 + 100 + 240 + 132 + 4000 + 8 + 16) / 1024) * 10) / 10,
      fileMB: 2,
      brkMB: 1,
      arenasMB: Math.round(((132 + 4000) / 1024) * 10) / 10,
      arenas: 2,
      v8MB: 0.8,
      codeMB: 0.2,
      otherMB: Math.round(((100 + 8 + 16) / 1024) * 10) / 10,
    });
  });

  it('reads this process on Linux: the kinds add up to its RSS', () => {
    const m = nativeMemory();
    if (m === null) return; // no /proc here
    const parts = m.fileMB + m.brkMB + m.arenasMB + m.v8MB + m.codeMB + m.otherMB;
    expect(Math.abs(parts - m.rssMB)).toBeLessThan(1);
    expect(m.fileMB).toBeGreaterThan(0);
    expect(m.v8MB).toBeGreaterThan(0);
  });
});
