/**
 * An error the HTTP API answers with `{"error":"<message>","status":<code>}`. Messages are the real
 * server's, word for word (api.go): clients and the conformance suite match on them.
 */
export class ApiError {
  constructor(
    readonly message: string,
    readonly status: number,
  ) {}

  toJSON(): { error: string; status: number } {
    return { error: this.message, status: this.status };
  }
}

export const apiErrors = {
  proxyNotFound: new ApiError('proxy not found', 404),
  proxyAlreadyExists: new ApiError('proxy already exists', 409),
  toxicNotFound: new ApiError('toxic not found', 404),
  toxicAlreadyExists: new ApiError('toxic already exists', 409),
  invalidToxicType: new ApiError('invalid toxic type', 400),
  invalidStream: new ApiError('stream was invalid, can be either upstream or downstream', 400),
} as const;

export function missingField(detail: string): ApiError {
  return new ApiError(`missing required field: ${detail}`, 400);
}

export function badRequestBody(detail: string): ApiError {
  return new ApiError(`bad request body: ${detail}`, 400);
}

/** Errors without a status of their own (a failed bind) are 500, as in the real server. */
export function internalError(message: string): ApiError {
  return new ApiError(message, 500);
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}
