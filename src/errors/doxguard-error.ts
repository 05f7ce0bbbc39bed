import type { ErrorCode } from './catalogue.js';

/** Structured context a user needs to act on an error; never raw PII. */
export type ErrorContext = Readonly<Record<string, unknown>>;

export class DoxguardError extends Error {
  readonly code: ErrorCode;
  readonly context: ErrorContext;

  constructor(code: ErrorCode, message: string, options: { context?: ErrorContext; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DoxguardError';
    this.code = code;
    this.context = options.context ?? {};
  }

  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, context: this.context };
  }
}

export function isDoxguardError(e: unknown, code?: ErrorCode): e is DoxguardError {
  return e instanceof DoxguardError && (code === undefined || e.code === code);
}
