import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../harness/common/duration.js';

describe('parseDuration', () => {
  it('reads the units k6 users type', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('20s')).toBe(20_000);
    expect(parseDuration('1.5m')).toBe(90_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('30')).toBe(30_000);
  });

  it('returns undefined for anything else', () => {
    for (const bad of ['', 's', '10x', '1m 30s', '-5s', 'ten']) expect(parseDuration(bad)).toBeUndefined();
  });

  it('formats durations so that they parse back', () => {
    for (const ms of [250, 20_000, 90_000, 120_000]) expect(parseDuration(formatDuration(ms))).toBe(ms);
  });
});
