import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { renderHtml } from '../../harness/report/html-writer.js';
import type { ReportInput } from '../../harness/report/report-writer.js';
import { chromiumArgs, chromiumPath, chromiumUnavailable } from './browser-check.js';
import { hostileRecord, loadFixture } from './support.js';

const skip = chromiumUnavailable();
const screenshots = resolve('reports');

/** Writes the page to a fresh temp dir and opens it in a fresh headless Chromium profile. */
async function open(input: ReportInput): Promise<{ page: Page; file: string; problems: string[] }> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} is missing but could be installed: run \`bash scripts/setup-system.sh\` (npm test does it first)`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'stampede-report-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'report.html');
  writeFileSync(file, renderHtml(input));
  const context: BrowserContext = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    viewport: { width: 1366, height: 900 },
  });
  onTestFinished(() => context.close());
  const url = pathToFileURL(file).href;
  const problems: string[] = [];
  context.on('request', (r) => {
    if (r.url() !== url) problems.push(`request ${r.url()}`);
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(url, { waitUntil: 'load' });
  return { page, file, problems };
}

interface PanelFacts {
  chart: string;
  column: string;
  declared: number;
  series: string[];
  drawn: number;
  bands: number;
  width: number;
  height: number;
}

describe.skipIf(skip !== undefined)(`report.html in headless Chromium${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('opens offline with no console error and no request, and every chart drew its series', async () => {
    const { page, problems } = await open(loadFixture('both'));
    const panels: PanelFacts[] = await page.$$eval('section.chart figure.panel', (figures) =>
      figures.map((f) => {
        const svg = f.querySelector('svg.chart-svg');
        const box = svg?.getBoundingClientRect();
        const groups = [...(svg?.querySelectorAll('g.series') ?? [])];
        // A series drew when its path has length or it holds at least one bar.
        const drawn = groups.filter((g) => {
          const path = g.querySelector('path');
          const length = (path as unknown as { getTotalLength(): number } | null)?.getTotalLength() ?? 0;
          return length > 0 || g.querySelectorAll('rect').length > 0;
        }).length;
        return {
          chart: f.closest('section.chart')?.getAttribute('data-chart') ?? '',
          column: f.getAttribute('data-column') ?? '',
          declared: Number(f.getAttribute('data-series')),
          series: groups.map((g) => g.getAttribute('data-key') ?? ''),
          drawn,
          bands: svg?.querySelectorAll('g.band').length ?? 0,
          width: box?.width ?? 0,
          height: box?.height ?? 0,
        };
      }),
    );
    const expected: Record<string, Record<string, string[]>> = {
      naive: { throughput: ['ok', 'errors.http_5xx', 'sent'] },
      hardened: { throughput: ['ok', 'errors.http_5xx', 'errors.http_4xx', 'sent'] },
    };
    const common: Record<string, string[]> = {
      latency: ['p50', 'p99'],
      'in-flight': ['dropped', 'in_flight'],
      deadlocks: ['pg_deadlocks', '40P01', '40001', '53300'],
      waits: ['pool_waiting', 'cl_waiting'],
      maxwait: ['maxwait'],
      redis: ['redis_clients'],
      'event-loop': ['event_loop_p99'],
    };
    expect(panels.map((p) => `${p.chart}/${p.column}`)).toEqual(
      ['throughput', ...Object.keys(common)].flatMap((chart) => [`${chart}/naive`, `${chart}/hardened`]),
    );
    for (const p of panels) {
      const want = expected[p.column]?.[p.chart] ?? common[p.chart] ?? [];
      expect(p.series, `${p.chart}/${p.column}`).toEqual(want);
      expect(p.declared).toBe(want.length);
      expect(p.width).toBeGreaterThan(400);
      expect(p.height).toBeGreaterThan(150);
      expect(p.bands, `${p.chart}/${p.column}: both chaos steps banded`).toBe(2);
    }
    // Lines always draw; bars draw where the count was above zero.
    const drawn = Object.fromEntries(panels.map((p) => [`${p.chart}/${p.column}`, p.drawn]));
    expect(drawn['throughput/naive']).toBe(3);
    expect(drawn['latency/hardened']).toBe(2);
    expect(drawn['deadlocks/naive']).toBe(2); // pg deadlocks and 40P01 show; 40001 and 53300 stay empty
    expect(drawn['deadlocks/hardened']).toBe(0);
    expect(await page.textContent('#chart-deadlocks figure[data-column="hardened"] .note')).toBe('none in this run');

    const verdicts = await page.$$eval('article.verdict', (cards) =>
      cards.map((c) => [c.getAttribute('data-tone'), c.querySelector('li')?.textContent]),
    );
    expect(verdicts).toEqual([
      ['incident', 'deadlocked 4 times (40P01)'],
      ['clean', 'no deadlock'],
    ]);

    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, 'report-html-top.png') });
    await page.screenshot({ path: join(screenshots, 'report-html-full.png'), fullPage: true });
    // Printable: the print stylesheet lays it out on A4 landscape pages.
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ path: join(screenshots, 'report-html.pdf'), landscape: true, format: 'A4', printBackground: true });
    expect(pdf.byteLength).toBeGreaterThan(10_000);
    expect(problems).toEqual([]);
  });

  it('runs nothing and loads nothing from hostile text in run.json', async () => {
    const { page, problems } = await open(hostileRecord());
    expect(await page.$$eval('script, img, iframe, object, embed', (els) => els.length)).toBe(0);
    expect(await page.textContent('blockquote.story')).toContain('<script>alert("x")</script>');
    expect(problems).toEqual([]);
  });
});
