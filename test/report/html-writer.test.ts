import { describe, expect, it } from 'vitest';
import { chartSpecs } from '../../harness/report/chart-series.js';
import { renderHtml } from '../../harness/report/html-writer.js';
import { hostileRecord, loadFixture } from './support.js';

const count = (html: string, pattern: RegExp) => html.match(pattern)?.length ?? 0;

describe('report.html (markup)', () => {
  it('is one self-contained page: no script, nothing to fetch, a policy that forbids fetching', () => {
    const html = renderHtml(loadFixture('both'));
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'">`,
    );
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/\b(src|href)="(?!#)/);
    expect(html).toContain('@media print');
  });

  it('puts the verdicts first and draws every chart once per variant, on shared axes', () => {
    const html = renderHtml(loadFixture('both'));
    expect(html.indexOf('class="verdicts"')).toBeLessThan(html.indexOf('id="charts"'));
    expect(html).toMatch(/data-tone="incident"[\s\S]*deadlocked 4 times \(40P01\)[\s\S]*data-tone="clean"[\s\S]*no deadlock/);
    expect(count(html, /<section class="chart"/g)).toBe(chartSpecs.length);
    expect(count(html, /<figure class="panel"/g)).toBe(chartSpecs.length * 2);
    // the same y ticks on both latency panels: one axis for naive and hardened
    const latency = html.slice(html.indexOf('id="chart-latency"'), html.indexOf('id="chart-in-flight"'));
    const ticks = [...latency.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((svg) =>
      [...svg[0].matchAll(/class="ytick"[^>]*>([^<]+)</g)].map((m) => m[1]),
    );
    expect(ticks).toHaveLength(2);
    expect(ticks[0]).toEqual(ticks[1]);
    expect(ticks[0]).toContain('1k');
  });

  it('shows invariants with sample rows, the connection arithmetic and the settings in force', () => {
    const html = renderHtml(loadFixture('both'));
    expect(html).toContain('hazmat-through-tunnel — naive: 579 violations');
    expect(html).toContain('<td>region-42</td>');
    expect(html).toMatch(
      /40 client connections share 10 server connections: up to 30 clients can queue in PgBouncer \(observed: up to 26\)/,
    );
    expect(html).toContain('<td><code>pgbouncer.default_pool_size</code></td><td>10</td>');
    expect(html).toContain('<td><code>postgres.max_connections</code></td><td>40</td>');
  });

  it("quotes PostgreSQL's deadlock reports", () => {
    const html = renderHtml(loadFixture('naive30s'));
    expect(html).toContain('PostgreSQL logged <code>ERROR: deadlock detected</code> 2 times');
    expect(html).toContain('<div>Process 6259 waits for ShareLock on transaction 17784; blocked by process 6299.</div>');
  });

  it('escapes every string from run.json', () => {
    const html = renderHtml(hostileRecord());
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;');
  });

  it('compares runs: a panel per run and variant, settings per run', () => {
    const html = renderHtml([
      { label: 'before', record: loadFixture('naive30s') },
      { label: 'after', record: loadFixture('both') },
    ]);
    expect(html).toContain('black-friday-routing: runs compared');
    expect(count(html, /<figure class="panel"/g)).toBe(chartSpecs.length * 3);
    expect(html).toMatch(/data-column="before · naive"[\s\S]*data-column="after · naive"[\s\S]*data-column="after · hardened"/);
    expect(html).toContain('<th>setting</th><th>before</th><th>after</th>');
  });
});
