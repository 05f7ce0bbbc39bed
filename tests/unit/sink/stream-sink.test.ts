import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createStreamSink } from '../../../src/sink/index.js';
import { deadLetterAt } from '../../helpers/records.js';

/** A stream that keeps what it is given: at once, or each write `delayMs` later (a slow reader: backpressure). */
function collector(highWaterMark: number, delayMs = 0): Writable & { bytes: () => Buffer } {
  const parts: Buffer[] = [];
  const w = new Writable({
    highWaterMark,
    write(chunk: Buffer, _enc, done) {
      parts.push(Buffer.from(chunk));
      if (delayMs === 0) done();
      else setTimeout(done, delayMs);
    },
  });
  return Object.assign(w, { bytes: () => Buffer.concat(parts) });
}

describe('stream sink', () => {
  it('writes each record as its JSON line, in emit order, at each flush and not before', async () => {
    const out = collector(1 << 20);
    const sink = createStreamSink(out, 'test');
    const records = [deadLetterAt(1, '转发 🙂 个人信息'), deadLetterAt(2, 'plain')];
    sink.emit(records[0]!);
    sink.emitJson!('alerts', '{"raw":"行"}');
    expect(out.bytes().length).toBe(0);
    await sink.flush();
    sink.emit(records[1]!);
    await sink.close('completed');
    const want = [JSON.stringify(records[0]), '{"raw":"行"}', JSON.stringify(records[1])].join('\n') + '\n';
    expect(out.bytes().toString('utf8')).toBe(want);
  });

  it('a flush waits for a slow stream to drain before it resolves', async () => {
    const out = collector(16, 5);
    const sink = createStreamSink(out, 'slow');
    for (let i = 0; i < 50; i++) sink.emit(deadLetterAt(i, 'x'.repeat(200)));
    await sink.flush();
    // resolved only once the stream took everything handed to it
    expect(out.writableLength).toBe(0);
    expect(out.bytes().toString('utf8').trimEnd().split('\n')).toHaveLength(50);
  });
});
