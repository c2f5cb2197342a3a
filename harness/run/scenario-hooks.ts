import { StampedeError } from '../errors/stampede-error.js';

/**
 * Runs a piece of the scenario author's code; whatever it throws becomes
 * STAMPEDE_SCENARIO_FAILED with the scenario's own message, never an internal error.
 */
export async function scenarioHook<T>(scenario: string, hook: string, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof StampedeError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    const at =
      err instanceof Error
        ? err.stack
            ?.split('\n')
            .find((l) => /^\s+at /.test(l))
            ?.trim()
        : undefined;
    throw new StampedeError('STAMPEDE_SCENARIO_FAILED', `scenario ${scenario}: ${hook} threw: ${message}`, {
      hint: at ? `fix the scenario's ${hook} (${at})` : `fix the scenario's ${hook}`,
      cause: err,
    });
  }
}
