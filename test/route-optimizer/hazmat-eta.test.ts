import { describe, expect, it } from 'vitest';
import { DomainError } from '../../target-services/route-optimizer/hardened/domain/domain-error.js';
import { finalEtaMinutes, restBreaksOwed } from '../../target-services/route-optimizer/hardened/domain/hazmat-eta.js';

const hazmat = { hazmat: true };
const regular = { hazmat: false };

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (err) {
    return err instanceof DomainError ? err.code : `not a DomainError: ${String(err)}`;
  }
  return undefined;
}

describe('hazmat ETA: a 2 h break for every full 4 h of driving', () => {
  it.each([
    [0, 0, 0],
    [1, 0, 1],
    [239, 0, 239],
    // Exactly 4 h: one full block, one break (the story's rule, kept; see hazmat-eta.ts).
    [240, 1, 360],
    [241, 1, 361],
    [479, 1, 599],
    [480, 2, 720],
    [1_000, 4, 1_480],
    [10_000, 41, 14_920],
  ])('%i min of driving: %i break(s), ETA %i min', (minutes, breaks, eta) => {
    expect(restBreaksOwed(minutes)).toBe(breaks);
    expect(finalEtaMinutes(minutes, hazmat)).toBe(eta);
  });

  it('adds nothing for a truck without hazardous materials, however long the haul', () => {
    for (const minutes of [0, 239, 240, 480, 1_000, 10_000]) expect(finalEtaMinutes(minutes, regular)).toBe(minutes);
  });

  it('agrees with the story formula eta = d + floor(d / 240) * 120 on every minute of a week', () => {
    for (let d = 0; d <= 7 * 24 * 60; d++) expect(finalEtaMinutes(d, hazmat)).toBe(d + Math.floor(d / 240) * 120);
  });

  it.each([[-1], [-240], [Number.NaN], [Number.POSITIVE_INFINITY], [12.5]])('refuses %f minutes with a stable code', (minutes) => {
    expect(codeOf(() => finalEtaMinutes(minutes, hazmat))).toBe('ROUTE_OPTIMIZER_INVALID_DURATION');
    expect(codeOf(() => finalEtaMinutes(minutes, regular))).toBe('ROUTE_OPTIMIZER_INVALID_DURATION');
    expect(codeOf(() => restBreaksOwed(minutes))).toBe('ROUTE_OPTIMIZER_INVALID_DURATION');
  });
});
