/** Every code a use case can fail with, and what it means (README.md lists the same). */
export const applicationErrorCodes = {
  ROUTE_OPTIMIZER_TRUCK_NOT_FOUND: 'no truck has this id',
  ROUTE_OPTIMIZER_VERSION_CONFLICT: 'the truck changed while its route was computed, again after a retry',
  ROUTE_OPTIMIZER_DEADLINE_EXCEEDED: "the request's deadline passed before any route was computed; nothing was written",
  ROUTE_OPTIMIZER_CANCELLED: 'the service is shutting down or the client went away; nothing more was written',
  ROUTE_OPTIMIZER_UPSTREAM_FAILED: 'the map API failed or answered an error (for a region job: for every truck)',
  ROUTE_OPTIMIZER_RESTRICTIONS_UNAVAILABLE: 'the tunnel list could not be read: hazmat trucks are not routed without it',
  ROUTE_OPTIMIZER_DB_BUSY: 'no database connection became free within the acquisition timeout',
  ROUTE_OPTIMIZER_DB_FAILED: 'the database failed, after retries for deadlocks and serialization failures',
} as const;

export type ApplicationErrorCode = keyof typeof applicationErrorCodes;

/** A use case could not complete. Callers branch on `code`; `cause` keeps the driver's error. */
export class ApplicationError extends Error {
  override readonly name = 'ApplicationError';
  readonly code: ApplicationErrorCode;

  constructor(code: ApplicationErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

/** The error a use case reports once its signal aborted (deadline, shutdown, client gone). */
export function abortedError(signal: AbortSignal): ApplicationError {
  const reason: unknown = signal.reason;
  const timedOut = typeof reason === 'object' && reason !== null && (reason as { name?: unknown }).name === 'TimeoutError';
  return timedOut
    ? new ApplicationError('ROUTE_OPTIMIZER_DEADLINE_EXCEEDED', 'the request deadline passed before the routes were computed', {
        cause: reason,
      })
    : new ApplicationError('ROUTE_OPTIMIZER_CANCELLED', 'the request was cancelled before the routes were computed', { cause: reason });
}
