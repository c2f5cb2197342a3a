import type { ReportWriter } from './report-writer.js';

export const jsonWriter: ReportWriter = {
  name: 'json',
  fileName: 'run.json',
  render: (record) => `${JSON.stringify(record, null, 2)}\n`,
};
