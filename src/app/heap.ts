import { setFlagsFromString } from 'node:v8';
import type { Config } from '../config/index.js';

/**
 * Applies `limits.heapGrowingPercent` (null: nothing): V8's old generation may then grow by at most that percent
 * of the heap left live by a full collection before the next one (V8's --heap-growing-percent), instead of V8's
 * own factor, which lets a heap whose collections are cheap grow to up to four times its live size. A V8 flag is
 * process-wide: it holds for every worker thread too. Returns the note to log, or null.
 */
export function applyHeapLimits(
  config: Readonly<Pick<Config, 'limits'>>,
  setFlags: (flags: string) => void = setFlagsFromString,
): string | null {
  const percent = config.limits.heapGrowingPercent;
  if (percent === null) return null;
  setFlags(`--heap-growing-percent=${percent}`);
  return `heap growth between full collections capped at ${percent}% of the live heap (limits.heapGrowingPercent)`;
}
