import { accessSync, constants, createReadStream, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { DoxguardError, isDoxguardError } from '../errors/index.js';
import type { SourcePosition, BatchHandler, RawRecord, Source } from '../contract/index.js';

const NEWLINE = 0x0a;

/**
 * Splits a byte stream into lines without decoding, so invalid UTF-8 reaches
 * the decoder (and the dead-letter sink) byte for byte. Each line carries its
 * 1-based line number.
 */
export async function* readLines(stream: Readable): AsyncGenerator<{ bytes: Uint8Array; line: number }> {
  let carry: Buffer | null = null;
  let line = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let buf: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    let start = 0;
    let nl: number;
    while ((nl = buf.indexOf(NEWLINE, start)) !== -1) {
      line++;
      let end = nl;
      if (end > start && buf[end - 1] === 0x0d) end--;
      yield { bytes: buf.subarray(start, end), line };
      start = nl + 1;
    }
    carry = start < buf.length ? Buffer.from(buf.subarray(start)) : null;
    buf = Buffer.alloc(0);
  }
  if (carry && carry.length) yield { bytes: carry, line: line + 1 };
}

/** NDJSON from files (in order) or from a stream such as stdin. Commit is a no-op: files are re-readable. */
export class LineSource implements Source {
  constructor(
    readonly name: string,
    private readonly inputs: readonly { open: () => Readable; position: (line: number) => SourcePosition }[],
    private readonly batchSize: number,
  ) {}

  async run(handler: BatchHandler, signal: AbortSignal): Promise<void> {
    for (const input of this.inputs) {
      let batch: RawRecord[] = [];
      const stream = input.open();
      try {
        for await (const { bytes, line } of readLines(stream)) {
          if (signal.aborted) break;
          batch.push({ value: bytes.length ? bytes : null, key: null, position: input.position(line) });
          if (batch.length >= this.batchSize) {
            await handler({ records: batch, commit: async () => {} });
            batch = [];
          }
        }
      } catch (cause) {
        // the handler's own failure (a sink, a worker thread) keeps its code; only reading is this source's
        if (isDoxguardError(cause)) throw cause;
        throw new DoxguardError('DG_ERR_SOURCE_READ', `cannot read ${this.name}: ${String(cause)}`, {
          context: { source: this.name },
          cause,
        });
      } finally {
        stream.destroy();
      }
      if (batch.length) await handler({ records: batch, commit: async () => {} });
      if (signal.aborted) return;
    }
  }

  async close(): Promise<void> {}
}

/**
 * Every input file exists, is a file (or a pipe) and is readable: checked
 * before any output is opened, so a typo'd path stops the run with exit 2 and
 * touches nothing (reading starts lazily, after the sink is open).
 */
export function checkInputFiles(files: readonly string[]): void {
  for (const file of files) {
    let problem: string | null = null;
    try {
      const st = statSync(file);
      if (st.isDirectory()) problem = 'is a directory';
      else accessSync(file, constants.R_OK);
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      problem = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable' : String(cause);
    }
    if (problem !== null)
      throw new DoxguardError('DG_ERR_INPUT_UNREADABLE', `input ${file} ${problem}`, { context: { file } });
  }
}

export function fileSource(files: readonly string[], batchSize: number): Source {
  return new LineSource(
    files.length === 1 ? `file:${files[0]}` : `files:${files.length}`,
    files.map((file) => ({ open: () => createReadStream(file), position: (line) => ({ kind: 'file', file, line }) })),
    batchSize,
  );
}

export function streamSource(stream: Readable, batchSize: number, name = 'stdin'): Source {
  return new LineSource(name, [{ open: () => stream, position: (line) => ({ kind: 'stdin', line }) }], batchSize);
}
