import { htmlWriter } from './html-writer.js';
import { jsonWriter } from './json-writer.js';
import { junitWriter } from './junit-writer.js';
import { markdownWriter } from './markdown-writer.js';
import type { ReportWriter } from './report-writer.js';

/** Every report format by name (`stampede report --format`). */
export const reportWriters: Readonly<Record<string, ReportWriter>> = {
  json: jsonWriter,
  markdown: markdownWriter,
  html: htmlWriter,
  junit: junitWriter,
};

/** What `stampede run` writes beside run.json, and `stampede report` by default. */
export const defaultReportFormats: readonly string[] = ['markdown', 'html', 'junit'];
