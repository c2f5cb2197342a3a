import { describe, expect, it } from 'vitest';
import { kindOf, parsePrometheusText, parseValue, seriesKey } from '../../harness/probes/prometheus-text.js';

describe('Prometheus text parser', () => {
  it('reads HELP and TYPE lines, plain comments, and samples with and without labels', () => {
    const text = [
      '# HELP service_http_in_flight Requests being served.',
      '# TYPE service_http_in_flight gauge',
      'service_http_in_flight 3',
      '# a plain comment',
      '',
      '# HELP service_http_requests_total Requests by route and status.\\nSecond line, with a \\\\ backslash.',
      '# TYPE service_http_requests_total counter',
      'service_http_requests_total{route="/orders",status="200"} 1027',
      'service_http_requests_total{status="500",route="/orders"} 3',
    ].join('\n');
    const parsed = parsePrometheusText(text);
    expect(parsed.invalidLines).toBe(0);
    expect(parsed.types.get('service_http_in_flight')).toBe('gauge');
    expect(parsed.types.get('service_http_requests_total')).toBe('counter');
    expect(parsed.help.get('service_http_requests_total')).toBe('Requests by route and status.\nSecond line, with a \\ backslash.');
    expect(parsed.samples).toEqual([
      { name: 'service_http_in_flight', labels: {}, value: 3 },
      { name: 'service_http_requests_total', labels: { route: '/orders', status: '200' }, value: 1027 },
      { name: 'service_http_requests_total', labels: { route: '/orders', status: '500' }, value: 3 },
    ]);
  });

  it('unescapes label values and accepts spaces, a trailing comma and CRLF line ends', () => {
    const text = 'm{path="C:\\\\dir",quote="say \\"hi\\"",nl="a\\nb", empty="" ,} 1\r\nm2 { a = "x" } 2\r\n';
    const parsed = parsePrometheusText(text);
    expect(parsed.invalidLines).toBe(0);
    expect(parsed.samples[0]?.labels).toEqual({ path: 'C:\\dir', quote: 'say "hi"', nl: 'a\nb', empty: '' });
    expect(parsed.samples[1]).toEqual({ name: 'm2', labels: { a: 'x' }, value: 2 });
  });

  it('reads NaN, +Inf, -Inf, exponents and an optional timestamp', () => {
    const parsed = parsePrometheusText(
      ['a NaN', 'b +Inf', 'c -Inf', 'd 1.5e3 1700000000000', 'e -0.25', 'f{le="+Inf"} 7 -5', 'g 12 # {trace_id="x"} 1'].join('\n'),
    );
    expect(parsed.invalidLines).toBe(0);
    const byName = Object.fromEntries(parsed.samples.map((s) => [s.name, s]));
    expect(byName.a?.value).toBeNaN();
    expect(byName.b?.value).toBe(Number.POSITIVE_INFINITY);
    expect(byName.c?.value).toBe(Number.NEGATIVE_INFINITY);
    expect(byName.d).toEqual({ name: 'd', labels: {}, value: 1500, timestamp: 1700000000000 });
    expect(byName.e?.value).toBe(-0.25);
    expect(byName.f).toEqual({ name: 'f', labels: { le: '+Inf' }, value: 7, timestamp: -5 });
    expect(byName.g?.value).toBe(12);
  });

  it('skips and counts malformed lines without losing the good ones', () => {
    const parsed = parsePrometheusText(
      [
        'good 1',
        'no_value',
        'bad{label="unterminated} 1',
        'bad2{1x="y"} 1',
        'bad3 one',
        'bad4{a="1",a="2"} 1',
        'bad5{a="\\q"} 1',
        '# TYPE x nonsense',
        'good2 2',
      ].join('\n'),
    );
    expect(parsed.samples.map((s) => s.name)).toEqual(['good', 'good2']);
    expect(parsed.invalidLines).toBe(7);
    expect(parsed.firstError).toMatch(/^line 2:/);
  });

  it('parseValue refuses what Go would not parse', () => {
    expect(parseValue('42')).toBe(42);
    expect(parseValue('.5')).toBe(0.5);
    expect(() => parseValue('1,5')).toThrow();
    expect(() => parseValue('')).toThrow();
  });

  it('classifies samples by their family: histogram and summary parts, counters by TYPE or _total', () => {
    const parsed = parsePrometheusText(
      [
        '# TYPE lat histogram',
        'lat_bucket{le="0.1"} 3',
        'lat_sum 0.2',
        'lat_count 3',
        '# TYPE q summary',
        'q{quantile="0.99"} 0.5',
        'q_count 9',
        '# TYPE om counter',
        'om_total 4',
        'plain_total 1',
        'plain 2',
      ].join('\n'),
    );
    const kinds = parsed.samples.map((s) => [s.name, kindOf(s, parsed.types)]);
    expect(kinds).toEqual([
      ['lat_bucket', { type: 'histogram', family: 'lat', part: 'bucket' }],
      ['lat_sum', { type: 'histogram', family: 'lat', part: 'sum' }],
      ['lat_count', { type: 'histogram', family: 'lat', part: 'count' }],
      ['q', { type: 'summary', family: 'q', part: 'quantile' }],
      ['q_count', { type: 'summary', family: 'q', part: 'count' }],
      ['om_total', { type: 'counter', family: 'om' }],
      ['plain_total', { type: 'counter', family: 'plain_total' }],
      ['plain', { type: 'untyped', family: 'plain' }],
    ]);
  });

  it('names a series by metric and sorted labels, escaping values, and round-trips through the parser', () => {
    expect(seriesKey('up', {})).toBe('up');
    const key = seriesKey('service_db_errors_total', { sqlstate: '40P01', b: 'a"b\\c\nd' });
    expect(key).toBe('service_db_errors_total{b="a\\"b\\\\c\\nd",sqlstate="40P01"}');
    const [sample] = parsePrometheusText(`${key} 1`).samples;
    expect(sample?.labels).toEqual({ sqlstate: '40P01', b: 'a"b\\c\nd' });
  });
});
