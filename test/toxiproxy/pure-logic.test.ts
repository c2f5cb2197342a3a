import { describe, expect, it } from 'vitest';
import { formatAddress, isLoopback, normalizeListen, parseUpstream, splitHostPort } from '../../harness/toxiproxy/address.js';
import { ApiError } from '../../harness/toxiproxy/api-error.js';
import { decodeBody, goJson, toFloat32 } from '../../harness/toxiproxy/go-json.js';
import { deriveSeed, mulberry32, randomBelow } from '../../harness/toxiproxy/prng.js';
import { parseDirection, readAttributes, ToxicCollection } from '../../harness/toxiproxy/toxic-collection.js';
import { toxicRegistry } from '../../harness/toxiproxy/toxics/registry.js';
import { slicePieces } from '../../harness/toxiproxy/toxics/slicer.js';

function apiErrorOf(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected an ApiError');
}

describe('seeded PRNG', () => {
  it('gives the same sequence for the same seed, in [0, 1)', () => {
    const a = mulberry32(123);
    const b = mulberry32(123);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(mulberry32(124)()).not.toBe(xs[0]);
  });

  it('is roughly uniform (a toxicity of 0.3 hits about 30%)', () => {
    const random = mulberry32(1);
    let hits = 0;
    for (let i = 0; i < 10_000; i++) if (random() < 0.3) hits++;
    expect(hits).toBeGreaterThan(2800);
    expect(hits).toBeLessThan(3200);
  });

  it('derives unrelated seeds from labels, deterministically', () => {
    expect(deriveSeed(1, 'pg', 0, 'upstream')).toBe(deriveSeed(1, 'pg', 0, 'upstream'));
    const seeds = new Set([
      deriveSeed(1, 'pg', 0, 'upstream'),
      deriveSeed(1, 'pg', 0, 'downstream'),
      deriveSeed(1, 'pg', 1, 'upstream'),
      deriveSeed(2, 'pg', 0, 'upstream'),
    ]);
    expect(seeds.size).toBe(4);
  });

  it('randomBelow stays in range and tolerates n <= 0', () => {
    const random = mulberry32(5);
    for (let i = 0; i < 100; i++) expect(randomBelow(random, 7)).toBeLessThan(7);
    expect(randomBelow(random, 0)).toBe(0);
  });
});

describe('slicer chunking', () => {
  it('covers the data exactly with pieces around the average size', () => {
    const random = mulberry32(9);
    const pieces = slicePieces(1000, 50, 10, random);
    expect(pieces.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(Math.min(...pieces)).toBeGreaterThan(0);
    expect(Math.max(...pieces)).toBeLessThanOrEqual(60);
  });

  it('keeps data smaller than the average whole', () => {
    expect(slicePieces(20, 50, 5, mulberry32(1))).toEqual([20]);
  });

  it('never loops or makes empty pieces on zero average and variation, or a variation above the size', () => {
    expect(slicePieces(8, 0, 0, mulberry32(1))).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    const wild = slicePieces(100, 1, 500, mulberry32(3));
    expect(wild.reduce((a, b) => a + b, 0)).toBe(100);
    expect(wild.every((p) => p > 0)).toBe(true);
  });

  it('is reproducible from the seed', () => {
    expect(slicePieces(500, 20, 8, mulberry32(4))).toEqual(slicePieces(500, 20, 8, mulberry32(4)));
  });
});

describe('toxic validation', () => {
  const latency = toxicRegistry.get('latency');
  if (latency === undefined) throw new Error('latency is registered');

  it('defaults absent attributes to 0 and merges onto the current values on update', () => {
    expect(readAttributes(latency, undefined, {})).toEqual({ latency: 0, jitter: 0 });
    expect(readAttributes(latency, { latency: 5 }, {})).toEqual({ latency: 5, jitter: 0 });
    expect(readAttributes(latency, { jitter: 2, unknown: 'x' }, { latency: 5, jitter: 0 })).toEqual({ latency: 5, jitter: 2 });
  });

  it('refuses non-numeric, fractional and negative attributes with bad request body', () => {
    expect(apiErrorOf(() => readAttributes(latency, { latency: 'x' }, {})).message).toBe(
      'bad request body: json: cannot unmarshal string into Go struct field LatencyToxic.attributes.latency of type int64',
    );
    expect(apiErrorOf(() => readAttributes(latency, { jitter: 0.5 }, {})).message).toMatch(/cannot unmarshal number 0\.5/);
    const negative = apiErrorOf(() => readAttributes(latency, { latency: -1 }, {}));
    expect([negative.status, negative.message]).toEqual([400, 'bad request body: attribute latency must not be negative, got -1']);
  });

  it('registers every contract toxic and not `down`', () => {
    expect([...toxicRegistry.keys()].sort()).toEqual([
      'bandwidth',
      'latency',
      'limit_data',
      'reset_peer',
      'slicer',
      'slow_close',
      'timeout',
    ]);
  });

  it('checks the body in the real order: stream before type before duplicate name', () => {
    const toxics = new ToxicCollection();
    expect(apiErrorOf(() => toxics.add('{"type":"nope","stream":"bad"}')).message).toMatch(/^stream was invalid/);
    expect(apiErrorOf(() => toxics.add('{"type":"nope"}')).message).toBe('invalid toxic type');
    toxics.add('{"type":"latency"}');
    expect(apiErrorOf(() => toxics.add('{"type":"latency","attributes":{"latency":"x"}}')).message).toBe('toxic already exists');
  });

  it('parses streams case-insensitively and keeps the spelling', () => {
    expect(parseDirection('UpStream')).toBe('upstream');
    expect(parseDirection('sideways')).toBeUndefined();
    const toxics = new ToxicCollection();
    expect(toxics.add('{"type":"latency","stream":"UpStream"}')).toMatchObject({
      name: 'latency_UpStream',
      stream: 'UpStream',
      direction: 'upstream',
    });
  });
});

describe('Go-compatible JSON', () => {
  it('maps parse failures to encoding/json messages', () => {
    expect(apiErrorOf(() => decodeBody('')).message).toBe('bad request body: EOF');
    expect(apiErrorOf(() => decodeBody('{"a":')).message).toBe('bad request body: unexpected EOF');
    expect(apiErrorOf(() => decodeBody('nope')).message).toBe("bad request body: invalid character 'o' looking for beginning of value");
  });

  it('ignores what follows the first value, as json.Decoder does', () => {
    expect(decodeBody('{"a":1} trailing')).toEqual({ a: 1 });
  });

  it('rounds toxicity as a float32 and escapes HTML characters', () => {
    expect(toFloat32(0.1)).toBe(0.1);
    expect(toFloat32(0.123456789)).toBe(0.12345679);
    expect(goJson({ name: '<a&b>' })).toBe('{"name":"\\u003ca\\u0026b\\u003e"}');
  });
});

describe('listen addresses', () => {
  it('splits like net.SplitHostPort', () => {
    expect(splitHostPort('127.0.0.1:80')).toEqual({ host: '127.0.0.1', port: '80' });
    expect(splitHostPort('[::1]:80')).toEqual({ host: '::1', port: '80' });
    expect(splitHostPort(':80')).toEqual({ host: '', port: '80' });
    expect(splitHostPort('localhost')).toBe('missing port in address');
    expect(splitHostPort('::1:80')).toBe('too many colons in address');
  });

  it('knows loopback addresses', () => {
    for (const ip of ['127.0.0.1', '127.3.2.1', '::1', '::ffff:127.0.0.1']) expect(isLoopback(ip), ip).toBe(true);
    for (const ip of ['0.0.0.0', '::', '10.0.0.1', '192.168.1.1']) expect(isLoopback(ip), ip).toBe(false);
  });

  it('formats and normalises as Go prints TCP addresses', () => {
    expect(formatAddress('::1', 80)).toBe('[::1]:80');
    expect(normalizeListen('localhost:5432')).toBe('127.0.0.1:5432');
    expect(parseUpstream('db:5432')).toEqual({ host: 'db', port: 5432 });
    expect(parseUpstream('db')).toBeUndefined();
  });
});
