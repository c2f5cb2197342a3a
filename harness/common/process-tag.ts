/**
 * An environment variable every process Stampede spawns carries over from the process that
 * spawned it (servers inherit the whole environment; services and upstreams, which get a small
 * one, are given it explicitly). Whoever sets it, a test suite for one, can then find everything
 * it started by reading /proc/<pid>/environ, whatever the process's cwd.
 */
export const processTagEnv = 'STAMPEDE_PROCESS_TAG';

/** `{ STAMPEDE_PROCESS_TAG }` when this process has one, else nothing. */
export function inheritedProcessTag(env: Readonly<Record<string, string | undefined>> = process.env): Record<string, string> {
  const tag = env[processTagEnv];
  return tag ? { [processTagEnv]: tag } : {};
}
