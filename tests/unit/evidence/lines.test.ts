import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forEachLineSync } from '../../../src/evidence/lines.js';

const dir = mkdtempSync(join(tmpdir(), 'dg-lines-'));
let n = 0;

/** What the evidence log read before: the whole file as one string, split (an empty last line dropped). */
function splitWhole(path: string): string[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

function linesOf(path: string, chunkBytes: number): string[] {
  const out: string[] = [];
  forEachLineSync(path, (l) => out.push(l), chunkBytes);
  return out;
}

describe('forEachLineSync', () => {
  it.each([
    ['plain lines', '{"a":1}\n{"b":2}\n'],
    ['no newline at the end', '{"a":1}\n{"b":2}'],
    ['blank lines and CRLF', '\n{"a":1}\r\n\n  \n{"b":2}\r\n'],
    ['multibyte characters across chunk edges', '{"t":"人肉搜索 开盒"}\n{"t":"é😀"}\n人\n'],
    ['invalid UTF-8 decoded as readFileSync does', Buffer.from([0x7b, 0xff, 0x0a, 0xe4, 0xba, 0x0a, 0x7d])],
    ['empty file', ''],
    ['one line longer than every chunk', 'x'.repeat(5000) + '\n' + 'y'.repeat(3) + '\n'],
  ])('gives the lines of the whole file split: %s', (_what, content) => {
    const path = join(dir, `f${++n}`);
    writeFileSync(path, content);
    const want = splitWhole(path);
    for (const chunk of [1, 2, 3, 7, 64, 1 << 20]) expect(linesOf(path, chunk)).toEqual(want);
  });
});
