import { type ErrorCode, errorCodes } from './error-codes.js';
import type { ExitCodeValue } from './exit-codes.js';

export interface StampedeErrorOptions {
  /** What the user should do next, one line. */
  readonly hint?: string;
  readonly cause?: unknown;
  /** Structured facts for --json output (a port, a pid, log lines). */
  readonly details?: Record<string, unknown>;
}

/** The one error type of the harness: a stable code, a one-line message and a hint. */
export class StampedeError extends Error {
  override readonly name = 'StampedeError';
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: StampedeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
  }

  get exitCode(): ExitCodeValue {
    return errorCodes[this.code].exitCode;
  }

  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, hint: this.hint, ...(this.details ? { details: this.details } : {}) };
  }
}

export function isStampedeError(err: unknown): err is StampedeError {
  return err instanceof StampedeError;
}

/** Wraps anything thrown into a StampedeError so that the CLI never prints a bare stack trace. */
export function toStampedeError(err: unknown): StampedeError {
  if (err instanceof StampedeError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new StampedeError('STAMPEDE_INTERNAL', message, {
    hint: 'this is a bug in stampede; rerun with STAMPEDE_DEBUG=1 for the stack trace',
    cause: err,
  });
}
