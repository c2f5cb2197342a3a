import { sqlDetailOf, sqlstateOf } from '../../../../shared/sqlstate.js';
import type { ErrorBody } from '../../../contract/http-contract.js';
import { ApplicationError, type ApplicationErrorCode } from '../../application/application-error.js';
import { DomainError, type DomainErrorCode } from '../../domain/domain-error.js';

/** Codes only the HTTP adapter answers with (README.md lists them with the others). */
export const httpErrorCodes = {
  ROUTE_OPTIMIZER_OVERLOADED: 'refused with 429: the instance already runs as many requests of this kind as it may',
  ROUTE_OPTIMIZER_INTERNAL: 'an unexpected failure (a bug: the log on stderr has it)',
} as const;

export interface ErrorResponse {
  readonly status: number;
  readonly body: ErrorBody;
  /** Seconds for `retry-after` when trying again later is the right move. */
  readonly retryAfterSeconds?: number;
}

const statusByCode: Record<ApplicationErrorCode | DomainErrorCode, { status: number; retryAfterSeconds?: number }> = {
  ROUTE_OPTIMIZER_TRUCK_NOT_FOUND: { status: 404 },
  ROUTE_OPTIMIZER_VERSION_CONFLICT: { status: 409 },
  ROUTE_OPTIMIZER_DEADLINE_EXCEEDED: { status: 503, retryAfterSeconds: 1 },
  ROUTE_OPTIMIZER_CANCELLED: { status: 503, retryAfterSeconds: 1 },
  ROUTE_OPTIMIZER_UPSTREAM_FAILED: { status: 502 },
  ROUTE_OPTIMIZER_RESTRICTIONS_UNAVAILABLE: { status: 503, retryAfterSeconds: 1 },
  ROUTE_OPTIMIZER_DB_BUSY: { status: 503, retryAfterSeconds: 1 },
  ROUTE_OPTIMIZER_DB_FAILED: { status: 503, retryAfterSeconds: 1 },
  // The map proposed something the rules refuse: the upstream answer was bad, not the request.
  ROUTE_OPTIMIZER_HAZMAT_TUNNEL: { status: 502 },
  ROUTE_OPTIMIZER_INVALID_ROUTE: { status: 502 },
  ROUTE_OPTIMIZER_INVALID_DURATION: { status: 502 },
};

/**
 * The HTTP answer for an error. `code` is the SQLSTATE when the database is the cause (as the
 * contract promises), otherwise the stable code; Fastify's own 4xx (validation, bad JSON) keep theirs.
 */
export function errorResponse(error: unknown): ErrorResponse {
  if (error instanceof ApplicationError || error instanceof DomainError) {
    const { status, retryAfterSeconds } = statusByCode[error.code];
    const sqlstate = sqlstateOf(error);
    const detail = sqlDetailOf(error);
    return {
      status,
      body: { error: error.message, code: sqlstate ?? error.code, ...(detail ? { detail } : {}) },
      ...(retryAfterSeconds ? { retryAfterSeconds } : {}),
    };
  }
  const { statusCode, code, message } = error as { statusCode?: number; code?: string; message?: string };
  if (statusCode && statusCode >= 400 && statusCode < 500) {
    return { status: statusCode, body: { error: message ?? 'bad request', ...(code ? { code } : {}) } };
  }
  return { status: 500, body: { error: 'internal error', code: 'ROUTE_OPTIMIZER_INTERNAL' satisfies keyof typeof httpErrorCodes } };
}
