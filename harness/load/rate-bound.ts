/**
 * Highest arrival rate a plan may ask for, requests/s (a --rate, a stage target, a start rate).
 * One generator process sends in the order of 100k requests/s on one core, so a higher figure
 * is a typo (1e9 for 1e3), not a plan; refusing it up front keeps such a run from starting.
 */
export const maxRate = 1_000_000;
