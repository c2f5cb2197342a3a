import type { StampedeError } from '../../harness/errors/stampede-error.js';

/** The error a promise rejects with; fails the test when it resolves instead. */
export async function rejection(promise: Promise<unknown>): Promise<StampedeError> {
  try {
    await promise;
  } catch (err) {
    return err as StampedeError;
  }
  throw new Error('expected a rejection, but the promise resolved');
}
