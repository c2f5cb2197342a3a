import { sqlstateOf } from '../../../../shared/sqlstate.js';
import type { ErrorBody } from '../../../contract/http-contract.js';
import { ApplicationError, type ApplicationErrorCode } from '../../application/application-error.js';
import { DomainError, type DomainErrorCode } from '../../domain/domain-error.js';

/** Codes only the HTTP adapter answers with (README.md lists them with the others). */
export const httpErrorCodes = {
  CHECKOUT_OVERLOADED: 'refused with 429: the instance already handles as many requests of this kind as it may',
  CHECKOUT_PAYMENT_DECLINED: 'the gateway refused the charge for good: the order failed and its stock went back',
  CHECKOUT_INTERNAL: 'an unexpected failure (a bug: the log on stderr has it)',
} as const;

export interface ErrorResponse {
  readonly status: number;
  readonly body: ErrorBody;
  /** Seconds for `retry-after` when trying again later is the right move. */
  readonly retryAfterSeconds?: number;
}

const statusByCode: Record<ApplicationErrorCode | DomainErrorCode, { status: number; retryAfterSeconds?: number }> = {
  CHECKOUT_PRODUCT_NOT_FOUND: { status: 404 },
  CHECKOUT_ORDER_NOT_FOUND: { status: 404 },
  CHECKOUT_KEY_REUSED: { status: 422 },
  CHECKOUT_IN_PROGRESS: { status: 409, retryAfterSeconds: 1 },
  CHECKOUT_DB_BUSY: { status: 503, retryAfterSeconds: 1 },
  CHECKOUT_DB_FAILED: { status: 503, retryAfterSeconds: 1 },
  CHECKOUT_INVALID_QUANTITY: { status: 422 },
  CHECKOUT_INVALID_PRICE: { status: 422 },
  CHECKOUT_AMOUNT_TOO_LARGE: { status: 422 },
};

/**
 * The HTTP answer for an error. `code` is the SQLSTATE when the database is the cause (as the
 * contract promises), otherwise the stable code; Fastify's own 4xx (validation, bad JSON) keep theirs.
 */
export function errorResponse(error: unknown): ErrorResponse {
  if (error instanceof ApplicationError || error instanceof DomainError) {
    const { status, retryAfterSeconds } = statusByCode[error.code];
    const sqlstate = sqlstateOf(error);
    return {
      status,
      body: { error: error.message, code: sqlstate ?? error.code },
      ...(retryAfterSeconds ? { retryAfterSeconds } : {}),
    };
  }
  const { statusCode, code, message } = error as { statusCode?: number; code?: string; message?: string };
  if (statusCode && statusCode >= 400 && statusCode < 500) {
    return { status: statusCode, body: { error: message ?? 'bad request', ...(code ? { code } : {}) } };
  }
  return { status: 500, body: { error: 'internal error', code: 'CHECKOUT_INTERNAL' satisfies keyof typeof httpErrorCodes } };
}
