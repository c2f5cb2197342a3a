import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdownText, escapeXml, markdownCode } from '../../harness/report/escape.js';

describe('escaping', () => {
  it('escapes HTML text and attributes', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(escapeHtml(42)).toBe('42');
  });

  it('drops what XML cannot carry and escapes the rest', () => {
    const text = `a\u0000b\u0007c\td\ne & <f> "g" 'h' \uD800 \uD83D\uDE00`;
    const escaped = escapeXml(text);
    expect(escaped).toBe(`abc\td\ne &amp; &lt;f&gt; &quot;g&quot; &apos;h&apos;  \uD83D\uDE00`);
    expect(XMLValidator.validate(`<x a="${escaped}">${escaped}</x>`)).toBe(true);
  });

  it('keeps user text inert in Markdown, readable in the raw file', () => {
    expect(escapeMarkdownText('<script> `x` | [a](b) \\ http_req_duration\nnext')).toBe(
      '\\<script> \\`x\\` \\| \\[a\\](b) \\\\ http_req_duration next',
    );
  });

  it('wraps any text in a code span it cannot close', () => {
    expect(markdownCode('p(99)<500')).toBe('`p(99)<500`');
    expect(markdownCode('a ``` b | c')).toBe('````a ``` b \\| c````');
    expect(markdownCode('`edge`')).toBe('`` `edge` ``');
  });
});
