import { LIMITS, type DlqReason } from '../contract/index.js';
import { ScanInputSchema } from './input.js';
import type { PostScanner, ScanResult } from './scan-post.js';

/** A line that could not be scanned: its number, a dead-letter reason code and a message (never its content). */
export interface ScanLineError {
  readonly line: number;
  readonly error: { readonly reason: DlqReason; readonly message: string };
}

export type ScanLineResult = ScanResult | ScanLineError;

const utf8 = new TextDecoder('utf-8', { fatal: true });

const fail = (line: number, reason: DlqReason, message: string): ScanLineError => ({
  line,
  error: { reason, message },
});

/** One input line to one output record: the scan, or why the line was not a post. */
export function scanLine(bytes: Uint8Array, line: number, scan: PostScanner): ScanLineResult {
  if (bytes.length > LIMITS.recordMaxBytes)
    return fail(line, 'DG_DLQ_TOO_LARGE', `line is ${bytes.length} bytes, the limit is ${LIMITS.recordMaxBytes}`);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return fail(line, 'DG_DLQ_INVALID_UTF8', 'line is not valid UTF-8');
  }
  if (text.trim() === '') return fail(line, 'DG_DLQ_EMPTY', 'blank line');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // (the parser's message quotes the line: not repeated, the line may hold personal data)
    return fail(line, 'DG_DLQ_NOT_JSON', 'line is not JSON');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return fail(
      line,
      'DG_DLQ_NOT_OBJECT',
      `expected a JSON object, got ${Array.isArray(json) ? 'an array' : typeof json}`,
    );
  const parsed = ScanInputSchema.safeParse(json);
  if (!parsed.success)
    return fail(
      line,
      'DG_DLQ_SCHEMA',
      parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; '),
    );
  return scan(parsed.data, line);
}

/** Scans NDJSON lines in order; yields one record per input line. */
export async function* scanLines(
  lines: AsyncIterable<{ bytes: Uint8Array; line: number }>,
  scan: PostScanner,
): AsyncGenerator<ScanLineResult> {
  for await (const { bytes, line } of lines) yield scanLine(bytes, line, scan);
}
