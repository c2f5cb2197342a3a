/** Five characters, digits and upper-case letters: the shape of every SQLSTATE. */
const sqlstatePattern = /^[0-9A-Z]{5}$/;

// A server error always carries a severity; Node's own errors (EPIPE also has five capitals) never do.
function ownCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { code, severity } = err as { code?: unknown; severity?: unknown };
  return typeof code === 'string' && typeof severity === 'string' && sqlstatePattern.test(code) ? code : undefined;
}

/**
 * The SQLSTATE of a pg error, looked up along the `cause` chain (services wrap driver errors).
 * Undefined for errors that did not come from the server (a refused connection, a pool timeout).
 */
export function sqlstateOf(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 8 && current !== undefined && current !== null; depth++) {
    const code = ownCode(current);
    if (code) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The server's `detail` line next to that SQLSTATE (for 40P01: who waits for which lock). */
export function sqlDetailOf(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 8 && current !== undefined && current !== null; depth++) {
    if (ownCode(current)) {
      const detail = (current as { detail?: unknown }).detail;
      return typeof detail === 'string' ? detail : undefined;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
