/**
 * Escaping for the report writers. run.json carries user-provided text (scenario stories, step
 * names, invariant sample rows, server log lines), so every string goes through one of these.
 */

import { inertTerminalText } from '../common/terminal-text.js';

/** Longest user text a report shows whole; past it the rest is cut and the cut is said, so a huge run.json cannot blow up a report. */
export const maxTextLength = 2000;

/** Cuts text past maxTextLength, saying how much was cut. */
export function bounded(text: string): string {
  return text.length <= maxTextLength
    ? text
    : `${text.slice(0, maxTextLength)}… (${(text.length - maxTextLength).toLocaleString('en-US')} more characters cut)`;
}

const htmlEntities: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or attribute value for HTML and inline SVG. */
export function escapeHtml(text: unknown): string {
  // Control characters have no business in a page: they show as their Control Pictures.
  return inertTerminalText(bounded(String(text))).replace(/[&<>"']/g, (c) => htmlEntities[c] ?? c);
}

// XML 1.0's Char production: anything else (C0 controls but tab/newline/CR, lone surrogates,
// U+FFFE/U+FFFF) cannot appear even escaped, and a JUnit consumer would refuse the whole file.
const isXmlChar = (cp: number) =>
  cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || cp >= 0x10000;

/** Text or attribute value for XML (JUnit): escaped, with characters XML forbids removed. */
export function escapeXml(text: unknown): string {
  // Array.from walks code points: a valid surrogate pair arrives whole, a lone surrogate alone.
  const kept = Array.from(bounded(String(text)))
    .filter((ch) => isXmlChar(ch.codePointAt(0) ?? 0))
    .join('');
  return escapeHtml(kept).replace(/&#39;/g, '&apos;');
}

/**
 * Markdown inline text: the characters that could open markup backslash-escaped (HTML `<`, code
 * spans, links, table cells, escapes themselves); line breaks flattened. Enough to keep user
 * text inert in a pull-request comment, plain enough to stay readable in the raw file.
 */
export function escapeMarkdownText(text: unknown): string {
  return bounded(String(text))
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/[\\`<|[\]]/g, '\\$&');
}

/**
 * Any text as a Markdown code span: the fence is one backtick longer than the longest run inside,
 * so the text cannot close it. Pipes are escaped, as GFM tables split cells before code spans.
 */
export function markdownCode(text: unknown): string {
  const body = bounded(String(text))
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/\|/g, '\\|');
  const fence = '`'.repeat(Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
  const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}
