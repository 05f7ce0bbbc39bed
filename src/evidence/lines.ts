import { closeSync, openSync, readSync } from 'node:fs';

const NEWLINE = 0x0a;

/**
 * Calls `f` with each line of a file (UTF-8, without its '\n'; a last line without one too), reading it
 * `chunkBytes` at a time: memory stays one chunk plus the longest line, however long the file. The evidence
 * log is only ever appended to, run after run, and reopening it checks its whole chain: read as one string it
 * cost the whole log in memory at every start, and a log past 512 MB (V8's longest string) could not be
 * opened at all. Lines are split on the byte '\n', which no other UTF-8 character contains, and each is
 * decoded whole, so the lines are those of `readFileSync(path, 'utf8').split('\n')` (but an empty last one).
 */
export function forEachLineSync(path: string, f: (line: string) => void, chunkBytes = 1 << 20): void {
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(chunkBytes);
    let carry: Buffer | null = null;
    for (let n; (n = readSync(fd, chunk, 0, chunkBytes, null)) > 0;) {
      const buf: Buffer = carry === null ? chunk.subarray(0, n) : Buffer.concat([carry, chunk.subarray(0, n)]);
      let start = 0;
      for (let nl; (nl = buf.indexOf(NEWLINE, start)) !== -1; start = nl + 1) f(buf.toString('utf8', start, nl));
      // the unfinished line is copied: `chunk` is read into again
      carry = start < buf.length ? Buffer.from(buf.subarray(start)) : null;
    }
    if (carry !== null) f(carry.toString('utf8'));
  } finally {
    closeSync(fd);
  }
}
