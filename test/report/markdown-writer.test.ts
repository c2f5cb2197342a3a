import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../harness/report/markdown-writer.js';
import { reportWriters } from '../../harness/report/writer-registry.js';
import { hostileRecord, loadFixture, normalise } from './support.js';

describe('report.md', () => {
  it('renders one run as a pull-request comment: verdicts, the table, collapsed details', async () => {
    const md = renderMarkdown(loadFixture('both'));
    expect(md.split('\n').slice(0, 6).join('\n')).toMatch(/^## ✅ black-friday-routing: every expectation met\n/);
    expect(md).toContain('- 🔴 **naive**: deadlocked 4 times (40P01), 579 hazmat-through-tunnel violations');
    expect(md).toContain('- 🟢 **hardened**: no deadlock');
    expect(md).toContain('| invariant: hazmat-through-tunnel | 579 | 0 |');
    await expect(normalise(md)).toMatchFileSnapshot('./__snapshots__/black-friday-routing.report.md');
  });

  it('lists failed expectations up front', async () => {
    const md = renderMarkdown(loadFixture('short'));
    expect(md).toMatch(/^## ❌ black-friday-routing: expectations NOT met/);
    expect(md).toContain('| naive | `deadlocks` | `count>0` | 0 |');
    await expect(normalise(md)).toMatchFileSnapshot('./__snapshots__/short-run.report.md');
  });

  it('compares several runs, one column per run and variant', () => {
    const md = renderMarkdown([
      { label: 'before', record: loadFixture('naive30s') },
      { label: 'after', record: loadFixture('both') },
    ]);
    expect(md).toContain('|  | before · naive | after · naive | after · hardened |');
    expect(md).toContain('**before**: seed 1');
    expect(md).toContain('**before · naive**: 2 `ERROR: deadlock detected`');
  });

  it('keeps user text inert: rendered as GitHub would, no markup gets through', () => {
    const md = renderMarkdown(hostileRecord());
    // html: true, as GitHub lets raw HTML through (before its own sanitiser): none may come from user text.
    const html = new MarkdownIt({ html: true }).render(md);
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('&lt;script&gt;alert');
    // a hostile name with pipes stays in its cell, and the count beside it in the next one
    expect(html).toMatch(/<td>invariant: hazmat-through-tunnel&lt;script&gt;[^<]*\| pipes[^<]*<\/td>\s*<td>579<\/td>/);
    // the sample rows hold ``` yet stay inside their fence
    expect(html).toContain('<pre><code class="language-json">{&quot;evil&quot;');
  });

  it('is in the writer registry with html and junit', () => {
    expect(Object.keys(reportWriters).sort()).toEqual(['html', 'json', 'junit', 'markdown']);
  });
});
