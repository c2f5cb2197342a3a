import { KIND_CHECK, KIND_HTTP_4XX, KIND_HTTP_5XX } from './error-kinds.js';
import type { ResponseCheck } from './load-plan.js';
import type { ResponseParser } from './response-parser.js';

/** The error kind a status earns before any check runs (-1: not an error). */
export function statusKind(status: number): number {
  if (status >= 500) return KIND_HTTP_5XX;
  if (status >= 400) return KIND_HTTP_4XX;
  return -1;
}

/**
 * Decides what a complete response counts as. A check runs on every response, whatever its
 * status (it may want to see a 500's body), but only turns a 2xx/3xx into a `check` error: a 5xx
 * stays a 5xx. Reused for every response: judge() returns the kind and leaves the check's verdict
 * in `checkFailure`, so nothing is allocated when there is no check.
 */
export class ResponseJudge {
  checkFailure: string | undefined;

  judge(parser: ResponseParser, check: ResponseCheck | undefined, expected?: ReadonlySet<number>): number {
    let kind = expected?.has(parser.status) ? -1 : statusKind(parser.status);
    this.checkFailure = undefined;
    if (!check) return kind;
    try {
      const verdict = check({ status: parser.status, headers: parser.headers ?? {}, body: parser.bodyText() });
      if (verdict) this.checkFailure = String(verdict);
    } catch {
      // A throwing check is a failed check, not a crashed run.
      this.checkFailure = 'check threw';
    }
    if (this.checkFailure !== undefined && kind === -1) kind = KIND_CHECK;
    return kind;
  }
}
