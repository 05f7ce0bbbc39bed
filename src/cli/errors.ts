import { ERROR_CATALOGUE, isDoxguardError } from '../errors/index.js';

/** Print an error the way a user can act on it, and choose the exit code (the catalogue's exit: 2 fix your input, 1 runtime). */
export function reportError(e: unknown, stderr: NodeJS.WritableStream = process.stderr): number {
  if (isDoxguardError(e)) {
    stderr.write(`doxguard: ${e.code}: ${e.message}\n`);
    const ctx = Object.entries(e.context).filter(([k]) => k !== 'paths');
    if (ctx.length) stderr.write(`  context: ${JSON.stringify(Object.fromEntries(ctx))}\n`);
    return ERROR_CATALOGUE[e.code].exit;
  }
  stderr.write(`doxguard: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  return 1;
}
