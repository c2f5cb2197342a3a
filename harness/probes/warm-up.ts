import type { Probe } from './probe.js';

/**
 * Takes one throw-away sample of every probe, in parallel, with a generous deadline, so that
 * connections (SCRAM logins, TCP handshakes) are open before the run's clock starts: otherwise
 * the baseline tick may spend its budget connecting, and second 0 would have no deltas. Values
 * are discarded; the baseline tick at `startedAt` supersedes them. Never rejects; resolves with
 * the failure message of each probe that could not be sampled.
 */
export async function warmUpProbes(probes: readonly Probe[], timeoutMs = 5000): Promise<Record<string, string>> {
  const failures: Record<string, string> = {};
  const signal = AbortSignal.timeout(timeoutMs);
  await Promise.all(
    probes.map(async (probe) => {
      try {
        await probe.sample(signal);
      } catch (err) {
        failures[probe.name] = err instanceof Error ? err.message : String(err);
      }
    }),
  );
  return failures;
}
