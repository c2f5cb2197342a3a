import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mulberry32 } from '../../harness/toxiproxy/prng.js';
import { toxicRegistry } from '../../harness/toxiproxy/toxics/registry.js';
import type { ToxicAttributes, ToxicStage } from '../../harness/toxiproxy/toxics/toxic.js';

/** One toxic stage driven by fake timers, its output recorded with the fake clock's time. */
function stage(type: string, attributes: ToxicAttributes) {
  const definition = toxicRegistry.get(type);
  if (definition === undefined) throw new Error(`no toxic ${type}`);
  const record = { pushed: [] as { text: string; at: number }[], ended: -1, dropped: 0, reset: -1 };
  const toxic: ToxicStage = definition.create(
    attributes,
    {
      push: (chunk) => record.pushed.push({ text: chunk.toString(), at: performance.now() }),
      end: () => {
        record.ended = performance.now();
      },
      drop: (bytes) => {
        record.dropped += bytes;
      },
      reset: () => {
        record.reset = performance.now();
      },
    },
    { random: mulberry32(1), state: definition.newState?.() },
  );
  return { toxic, record };
}

describe('toxic stages (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('latency delays each chunk from its arrival and keeps order', () => {
    const { toxic, record } = stage('latency', { latency: 100, jitter: 0 });
    const t0 = performance.now();
    toxic.write(Buffer.from('a'));
    vi.advanceTimersByTime(30);
    toxic.write(Buffer.from('b'));
    vi.advanceTimersByTime(69);
    expect(record.pushed).toEqual([]);
    vi.advanceTimersByTime(2);
    expect(record.pushed.map((p) => p.text)).toEqual(['a']);
    vi.advanceTimersByTime(40);
    expect(record.pushed.map((p) => [p.text, Math.round(p.at - t0)])).toEqual([
      ['a', 100],
      ['b', 130],
    ]);
  });

  it('latency jitter stays within [latency - jitter, latency + jitter]', () => {
    const { toxic, record } = stage('latency', { latency: 50, jitter: 20 });
    for (let i = 0; i < 50; i++) {
      const start = performance.now();
      toxic.write(Buffer.from(String(i)));
      vi.advanceTimersByTime(200);
      const at = record.pushed[i]?.at ?? Number.NaN;
      expect(at - start).toBeGreaterThanOrEqual(29);
      expect(at - start).toBeLessThanOrEqual(71);
    }
  });

  it('latency hands back what it holds when stopped, and ends after its queue', () => {
    const { toxic, record } = stage('latency', { latency: 100, jitter: 0 });
    toxic.write(Buffer.from('x'));
    toxic.end();
    expect(record.ended).toBe(-1);
    expect(toxic.stop().map(String)).toEqual(['x']);
    vi.advanceTimersByTime(500);
    expect(record.pushed).toEqual([]);
  });

  it('bandwidth paces 10 kB at 10 KB/s over about a second, in 100 ms pieces', () => {
    const { toxic, record } = stage('bandwidth', { rate: 10 });
    toxic.write(Buffer.alloc(10_000, 'z'));
    vi.advanceTimersByTime(450);
    const early = record.pushed.reduce((n, p) => n + p.text.length, 0);
    expect(early).toBeGreaterThanOrEqual(3000);
    expect(early).toBeLessThanOrEqual(5000);
    vi.advanceTimersByTime(600);
    expect(record.pushed.reduce((n, p) => n + p.text.length, 0)).toBe(10_000);
    expect(Math.max(...record.pushed.map((p) => p.text.length))).toBe(1000);
  });

  it('slow_close passes data and ends `delay` ms after its input ends', () => {
    const { toxic, record } = stage('slow_close', { delay: 300 });
    toxic.write(Buffer.from('data'));
    expect(record.pushed.map((p) => p.text)).toEqual(['data']);
    const t0 = performance.now();
    toxic.end();
    vi.advanceTimersByTime(299);
    expect(record.ended).toBe(-1);
    vi.advanceTimersByTime(1);
    expect(record.ended - t0).toBe(300);
  });

  it('timeout drops data and ends after the timeout; 0 never ends on its own', () => {
    const timed = stage('timeout', { timeout: 200 });
    timed.toxic.write(Buffer.from('gone'));
    expect(timed.record.dropped).toBe(4);
    vi.advanceTimersByTime(200);
    expect(timed.record.ended).toBeGreaterThanOrEqual(0);
    const forever = stage('timeout', { timeout: 0 });
    vi.advanceTimersByTime(60_000);
    expect(forever.record.ended).toBe(-1);
    forever.toxic.end();
    expect(forever.record.ended).toBeGreaterThanOrEqual(0);
  });

  it('reset_peer resets `timeout` ms after the first data, dropping it', () => {
    const { toxic, record } = stage('reset_peer', { timeout: 100 });
    vi.advanceTimersByTime(1000);
    expect(record.reset).toBe(-1);
    const t0 = performance.now();
    toxic.write(Buffer.from('trigger'));
    toxic.write(Buffer.from('more'));
    vi.advanceTimersByTime(100);
    expect(record.reset - t0).toBe(100);
    expect(record.dropped).toBe(11);
    expect(record.pushed).toEqual([]);
  });

  it('slicer splits a chunk and spaces the pieces by `delay` microseconds', () => {
    const { toxic, record } = stage('slicer', { average_size: 10, size_variation: 0, delay: 2000 });
    toxic.write(Buffer.from('a'.repeat(80)));
    vi.advanceTimersByTime(100);
    expect(record.pushed.map((p) => p.text).join('')).toBe('a'.repeat(80));
    expect(record.pushed.every((p) => p.text.length === 10)).toBe(true);
    const gaps = record.pushed.slice(1).map((p, i) => p.at - (record.pushed[i]?.at ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1);
  });

  it('limit_data passes the allowance then ends, dropping the rest', () => {
    const { toxic, record } = stage('limit_data', { bytes: 5 });
    toxic.write(Buffer.from('abc'));
    toxic.write(Buffer.from('defgh'));
    expect(record.pushed.map((p) => p.text)).toEqual(['abc', 'de']);
    expect(record.dropped).toBe(3);
    expect(record.ended).toBeGreaterThanOrEqual(0);
  });
});
