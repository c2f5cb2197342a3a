/** Every code a business rule can refuse with, and what it means (README.md lists the same). */
export const domainErrorCodes = {
  ROUTE_OPTIMIZER_INVALID_DURATION: 'a duration is negative, fractional, NaN or infinite',
  ROUTE_OPTIMIZER_INVALID_ROUTE: 'a route plan does not hang together (no id, no segments, segments not adding up)',
  ROUTE_OPTIMIZER_HAZMAT_TUNNEL: "a hazmat truck's route goes through a tunnel",
} as const;

export type DomainErrorCode = keyof typeof domainErrorCodes;

/** A business rule refused the input. Callers branch on `code`. */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly code: DomainErrorCode;

  constructor(code: DomainErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
