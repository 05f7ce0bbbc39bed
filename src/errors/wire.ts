import { ERROR_CATALOGUE, type ErrorCode } from './catalogue.js';
import { DoxguardError, isDoxguardError } from './doxguard-error.js';

/**
 * An error as it crosses to another thread (a structured clone keeps no class): a DoxguardError's code,
 * message and context, and its cause's name and message.
 */
export interface WireError {
  readonly code: string | null;
  readonly message: string;
  readonly context: Readonly<Record<string, unknown>>;
  readonly cause: { readonly name: string; readonly message: string } | null;
}

export function toWireError(e: unknown): WireError {
  const cause =
    e instanceof Error && e.cause instanceof Error ? { name: e.cause.name, message: e.cause.message } : null;
  return {
    code: isDoxguardError(e) ? e.code : null,
    message: e instanceof Error ? e.message : String(e),
    context: isDoxguardError(e) ? e.context : {},
    cause,
  };
}

/** The error again, typed: its own code when the catalogue knows it, else `fallback`. */
export function fromWireError(w: WireError, fallback: ErrorCode): DoxguardError {
  const code = w.code !== null && w.code in ERROR_CATALOGUE ? (w.code as ErrorCode) : fallback;
  const cause = w.cause === null ? undefined : Object.assign(new Error(w.cause.message), { name: w.cause.name });
  return new DoxguardError(code, w.message, { context: w.context, ...(cause ? { cause } : {}) });
}
