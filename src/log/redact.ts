/**
 * Field names whose values may carry raw text or personal information (post
 * text, decoded record values, snippets, raw bytes) or credentials. Their
 * values are replaced wherever they appear in a log object, at any depth:
 * doxguard's logs must never become a doxxing database.
 */
export const REDACTED_KEYS: ReadonlySet<string> = new Set([
  'text',
  'value',
  'snippet',
  'snippets',
  'raw',
  'rawValue',
  'content',
  'body',
  'password',
  'passphrase',
  'privateKey',
  'secret',
  'fingerprintSecret',
  'authorization',
  'token',
]);

export const CENSOR = '[redacted]';

/** Deepest level scrubbed; anything below is replaced wholesale (logs are not data dumps). */
const MAX_DEPTH = 8;

/**
 * Copy `value` with every REDACTED_KEYS field censored, at any depth, through
 * arrays and plain objects. Errors keep their type, message and code (messages
 * are written by doxguard, never from input text) but lose other fields that
 * could hold input. Cycles are cut.
 */
export function scrub(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[truncated]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1, seen));
  if (value instanceof Error) return scrubError(value, depth, seen);
  if (value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = REDACTED_KEYS.has(k) ? CENSOR : scrub(v, depth + 1, seen);
  return out;
}

function scrubError(err: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = { type: err.name, message: err.message };
  if (err.stack) out.stack = err.stack;
  const extra = err as Error & { code?: unknown; retriable?: unknown; context?: unknown; cause?: unknown };
  if (extra.code !== undefined) out.code = extra.code;
  if (extra.retriable !== undefined) out.retriable = extra.retriable;
  if (extra.context !== undefined) out.context = scrub(extra.context, depth + 1, seen);
  if (extra.cause !== undefined) out.cause = scrub(extra.cause, depth + 1, seen);
  return out;
}
