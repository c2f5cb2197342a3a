import type { FailureKind } from '../domain/redelivery-policy.js';

export const applicationErrorCodes = {
  ORDER_WORKER_GATEWAY_FAILED: 'the payment gateway answered an error or could not be reached',
  ORDER_WORKER_GATEWAY_TIMEOUT: 'the payment gateway did not answer within GATEWAY_TIMEOUT_MS',
  ORDER_WORKER_GATEWAY_REFUSED: 'the payment gateway refused the charge (4xx): retrying will not help',
  ORDER_WORKER_DB_FAILED: 'the database failed or no connection became free in time',
  ORDER_WORKER_QUEUE_UNAVAILABLE: 'Redis did not take the message',
  ORDER_WORKER_CANCELLED: 'the worker is shutting down: the message is left for another consumer',
} as const;

export type ApplicationErrorCode = keyof typeof applicationErrorCodes;

/** A failure of a use case with a stable code, and whether retrying the delivery can help. */
export class ApplicationError extends Error {
  override readonly name = 'ApplicationError';
  readonly code: ApplicationErrorCode;
  readonly kind: FailureKind;

  constructor(code: ApplicationErrorCode, message: string, options: { kind?: FailureKind; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.kind = options.kind ?? 'transient';
  }
}
