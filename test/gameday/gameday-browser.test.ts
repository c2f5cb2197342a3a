import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { distRoot } from '../../harness/cli/dist-root.js';
import { runGameDay } from '../../harness/gameday/game-session.js';
import { loadGameDay } from '../../harness/gameday/load-game-day.js';
import type { GameDayRecord } from '../../harness/record/gameday-record.js';
import { renderGameDayHtml } from '../../harness/report/gameday-html-writer.js';
import { testStackOptions } from '../helpers/test-stack.js';
import { chromiumArgs, chromiumPath, chromiumUnavailable } from '../report/browser-check.js';

/** The page's globals as the functions run in the browser see them (the project compiles without DOM types). */
interface PageNode {
  getAttribute(name: string): string | null;
  readonly textContent: string | null;
  readonly innerHTML: string;
}
declare const document: { body: PageNode; getElementById(id: string): PageNode | null; querySelector(selector: string): PageNode | null };

const skip = chromiumUnavailable();
const shots = process.env.STAMPEDE_GAMEDAY_SHOTS ?? join(tmpdir(), 'gameday-shots');

interface Watched {
  page: Page;
  problems: string[];
}

/** A fresh context per viewer (its own cookies and storage, as another person's browser), watched for stray requests and errors. */
async function open(browser: Browser, url: string, origin: string): Promise<Watched> {
  const context: BrowserContext = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  onTestFinished(() => context.close().catch(() => {}));
  const problems: string[] = [];
  context.on('request', (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith('data:') && !r.url().startsWith('file:')) problems.push(`request ${r.url()}`);
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  const response = await page.goto(url, { waitUntil: 'load' });
  expect(response?.status()).toBe(200);
  return { page, problems };
}

const lastS = (p: Page) => p.evaluate(() => Number(document.body.getAttribute('data-last-s') ?? -1));
const points = (p: Page, chart: string) => p.$eval(`figure[data-chart="${chart}"] svg`, (svg) => Number(svg.getAttribute('data-points')));

/** Reads SSE events from a stream for a moment, from `lastEventId` on. */
async function sseIds(url: string, lastEventId: string): Promise<number[]> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { 'last-event-id': lastEventId }, signal: controller.signal });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const first = await reader.read();
  controller.abort();
  return [...new TextDecoder().decode(first.value).matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
}

describe.skipIf(skip !== undefined)(`stampede gameday in headless Chromium${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('players and a facilitator play a short game on the real stack; the debrief scores it', { timeout: 180_000 }, async () => {
    const infra = await testStackOptions();
    const loaded = await loadGameDay('flash-sale-checkout', { distRoot: distRoot(), stateDir: infra.stateDir });
    // No hidden schedule: the facilitator injects the fault, so the scores are known in advance.
    // The slowdown stays until removed (stretched to a 40 s game, its 2 minutes would be 8 s).
    const plan = {
      ...loaded.plan,
      schedule: { kind: 'fixed' as const, steps: [] },
      faults: loaded.plan.faults.map(({ for: _, ...f }) => f),
    };
    const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
    onTestFinished(() => browser.close());
    mkdirSync(shots, { recursive: true });

    let ready: (d: { url: string; facilitatorUrl: string }) => void = () => {};
    const urls = new Promise<{ url: string; facilitatorUrl: string }>((resolve) => {
      ready = resolve;
    });
    const stop = new AbortController();
    const game: Promise<GameDayRecord> = runGameDay({
      plan,
      scenario: loaded.scenario,
      infra,
      provider: 'native',
      distRoot: distRoot(),
      seed: 3,
      // A cap: the facilitator ends the game once everything is checked.
      durationMs: 120_000,
      port: 0,
      argv: ['test'],
      signal: stop.signal,
      onReady: (d) => ready(d),
    });
    // A failed check must not leave the game (and its stack) running: Ctrl-C it and wait.
    onTestFinished(async () => {
      stop.abort();
      await game.catch(() => {});
    });
    const { url, facilitatorUrl } = await urls;
    const origin = url.replace(/\/$/, '');

    const wrong = await fetch(facilitatorUrl.replace(/token=\w+/, 'token=nope'));
    expect(wrong.status).toBe(403);
    expect((await fetch(`${origin}/facilitator`)).status).toBe(403);

    const facilitator = await open(browser, facilitatorUrl, origin);
    const ana = await open(browser, url, origin);

    // Charts gain a point a second.
    await ana.page.waitForFunction(() => Number(document.body.getAttribute('data-last-s') ?? -1) >= 3, undefined, { timeout: 20_000 });
    const before = await points(ana.page, 'latency');
    await ana.page.waitForTimeout(2200);
    expect(await points(ana.page, 'latency')).toBeGreaterThanOrEqual(before + 2);
    // The player view says nothing about faults.
    expect(await ana.page.$$('[data-fault], #chaos-state')).toHaveLength(0);

    // The facilitator injects the gateway slowdown; the players see only its effect.
    await facilitator.page.click('tr[data-fault="gateway-slowdown"] button[data-command="inject"]');
    await facilitator.page.waitForSelector('tr[data-fault="gateway-slowdown"][data-state="active"]', { timeout: 5000 });
    await ana.page.waitForTimeout(1500);
    await ana.page.fill('#player', 'ana');
    await ana.page.selectOption('#category', 'slow-dependency');
    await ana.page.fill('#hypothesis', 'checkout p99 jumped: the gateway?');
    await ana.page.click('#detect button[type=submit]');
    await ana.page.waitForSelector('#said.ok', { timeout: 5000 });
    expect(await ana.page.textContent('#said')).toContain('incident declared');
    await ana.page.click('button[data-lever="remove-gateway-fault"]');
    await ana.page
      .waitForFunction(() => document.getElementById('said')?.textContent?.includes('removed from payment-gateway'), undefined, {
        timeout: 10_000,
      })
      .catch(async (err) => {
        throw new Error(`lever answer: ${await ana.page.textContent('#said')}`, { cause: err });
      });
    await facilitator.page.fill('#note', 'ana found the gateway from p99 alone');
    await facilitator.page.click('button[data-command="note"]');
    await facilitator.page.fill('#note', 'alert on gateway latency');
    await facilitator.page.click('button[data-command="action-item"]');
    // Four more players join late: each catches up on the whole game so far, log included.
    const players = [ana, ...(await Promise.all(Array.from({ length: 4 }, () => open(browser, url, origin))))];
    for (const p of players) {
      await p.page
        .waitForFunction(() => document.querySelector('#log li.detect') !== null, undefined, { polling: 200, timeout: 15_000 })
        .catch(async (err) => {
          const seen = await p.page.evaluate(() => [document.body.getAttribute('data-last-s'), document.getElementById('log')?.innerHTML]);
          throw new Error(`late player saw ${JSON.stringify(seen)}`, { cause: err });
        });
    }

    // A browser that reconnects with Last-Event-ID gets exactly the seconds after it.
    const s = await lastS(ana.page);
    const ids = await sseIds(`${origin}/events`, String(s - 3));
    expect(ids.slice(0, 3)).toEqual([s - 2, s - 1, s]);

    await ana.page.screenshot({ path: join(shots, 'player-view.png'), fullPage: true });
    await facilitator.page.screenshot({ path: join(shots, 'facilitator-view.png'), fullPage: true });

    await facilitator.page.click('button[data-command="end"]');
    const record = await game;
    for (const w of [facilitator, ...players])
      await w.page.waitForFunction(() => document.body.getAttribute('data-ended') === 'true', undefined, { polling: 200, timeout: 10_000 });
    // All five players saw the same seconds, in the same order, with the same values.
    const digests = await Promise.all(players.map((p) => p.page.evaluate(() => document.body.getAttribute('data-digest'))));
    expect(new Set(digests).size).toBe(1);
    expect(await lastS(ana.page)).toBe(record.frames.at(-1)?.s);
    for (const w of [facilitator, ...players]) expect(w.problems, JSON.stringify(w.problems)).toEqual([]);

    expect(record.status).toBe('completed');
    expect(record.peakViewers).toBeGreaterThanOrEqual(6);
    const fault = record.scores.faults.find((f) => f.fault === 'gateway-slowdown');
    expect(fault?.detectedBy).toBe('ana');
    expect(fault?.timeToDetectS).toBeGreaterThan(1);
    expect(fault?.timeToDetectS).toBeLessThan(20);
    expect(record.faults.find((f) => f.name === 'gateway-slowdown')?.endedBy).toBe('lever');
    expect(record.actions.find((a) => a.type === 'lever')).toMatchObject({ player: 'ana', lever: 'remove-gateway-fault', ok: true });

    // The debrief, offline, shows the scores.
    const dir = mkdtempSync(join(tmpdir(), 'stampede-debrief-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'gameday.html');
    writeFileSync(file, renderGameDayHtml(record));
    const debrief = await open(browser, pathToFileURL(file).href, pathToFileURL(dir).href);
    expect(await debrief.page.textContent('tr[data-fault="gateway-slowdown"] td.ttd')).toMatch(/^\d+\.\d s by ana$/);
    expect(await debrief.page.textContent('ul.notes')).toContain('ana found the gateway');
    expect(await debrief.page.textContent('ul.action-items')).toContain('alert on gateway latency');
    expect(await debrief.page.$$('section.chart svg g.band')).not.toHaveLength(0);
    await debrief.page.screenshot({ path: join(shots, 'debrief.png'), fullPage: true });
    expect(debrief.problems).toEqual([]);
  });
});
