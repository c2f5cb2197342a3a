import { jsonWriter } from './json-writer.js';
import { markdownWriter } from './markdown-writer.js';
import type { ReportWriter } from './report-writer.js';

/** Every report format by name (`stampede report --format`). */
export const reportWriters: Readonly<Record<string, ReportWriter>> = {
  json: jsonWriter,
  markdown: markdownWriter,
};
