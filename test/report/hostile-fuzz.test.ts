import { XMLValidator } from 'fast-xml-parser';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { inertTerminalText } from '../../harness/common/terminal-text.js';
import type { RunRecord } from '../../harness/record/run-record.js';
import { renderConsoleSummary } from '../../harness/report/console-summary.js';
import { reportWriters } from '../../harness/report/writer-registry.js';
import { loadFixture } from './support.js';

const writer = (name: string) => {
  const found = reportWriters[name];
  if (!found) throw new Error(`no writer ${name}`);
  return found;
};

/** Every kind of text that must stay inert: HTML that navigates or runs, Markdown structure, CR/LF, terminal escapes, XML. */
const payload = [
  '<meta http-equiv="refresh" content="0;url=https://attacker.invalid/">',
  '<script>alert(1)</script><img src=x onerror=alert(2)>',
  '\r# injected heading\n| injected | table |\n```\n',
  '\u001b[2J\u001b[32mALL GREEN\u001b[0m\u0007',
  ']]><!--',
].join('');

/** Replaces every string in the record (values, and the keys of the maps users name) with the payload, numbered. */
function hostile(value: unknown, path: string[] = [], counter = { n: 0 }): unknown {
  if (typeof value === 'string') return `${payload}#${counter.n++}`;
  if (Array.isArray(value)) return value.map((v, i) => hostile(v, [...path, String(i)], counter));
  if (value && typeof value === 'object') {
    const userKeys = ['notDone', 'seeded', 'figures', 'settings', 'errorsByKind', 'checkFailures', 'versions'].includes(path.at(-1) ?? '');
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [userKeys ? `${payload}${k}` : k, hostile(v, [...path, k], counter)]));
  }
  return value;
}

function hostileRun(): RunRecord {
  const record = loadFixture('both');
  const withWork = {
    ...record,
    variants: record.variants.map((v) => ({ ...v, work: { unit: 'units', asked: 10, done: 8, notDone: { lost: 2 } } })),
  };
  // The schema marker stays: renderers refuse a record they do not know, which proves nothing.
  return { ...(hostile(withWork) as RunRecord), schema: record.schema };
}

describe('hostile text anywhere in run.json stays inert in every report', () => {
  const record = hostileRun();

  it('HTML: nothing navigates, runs or loads; the CSP forbids navigation and forms too', () => {
    const html = writer('html').render(record);
    expect(html).not.toMatch(/<meta http-equiv="refresh"/i);
    expect(html).not.toMatch(/<script|<img/i);
    expect(html.includes('\u001b')).toBe(false);
    const csp = /Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/form-action 'none'/);
    expect(csp).toMatch(/base-uri 'none'/);
  });

  it('Markdown: no raw HTML survives rendering, no line is a heading or a table the payload started', () => {
    const md = writer('markdown').render(record);
    expect(md).not.toMatch(/\r/);
    expect(md).not.toMatch(/^#+ injected/m);
    expect(md).not.toMatch(/^\| injected/m);
    const html = new MarkdownIt({ html: true }).render(md);
    expect(html).not.toMatch(/<meta|<script|<img/i);
    expect(html).not.toMatch(/<h\d>injected/);
  });

  it('JUnit: well-formed XML whatever the text', () => {
    const xml = writer('junit').render(record);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toMatch(/<script/);
    expect(xml.includes('\u001b')).toBe(false);
  });

  it('console: no control character reaches the terminal', () => {
    const text = inertTerminalText(renderConsoleSummary(record, []));
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the assertion is about control characters
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(text).toContain('␛[2J');
  });
});

describe('size guards', () => {
  it('a huge text is cut in every report, and the cut is said', () => {
    const record = loadFixture('both');
    const huge = 'x'.repeat(5_000_000);
    const big = { ...record, scenario: { ...record.scenario, incident: huge } };
    for (const format of ['html', 'markdown', 'junit'] as const) {
      const out = writer(format).render(big);
      expect(out.length).toBeLessThan(2_000_000);
      if (out.includes('xxxx')) expect(out).toMatch(/more characters cut/);
    }
  });
});
