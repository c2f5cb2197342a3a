import type { RunRecord } from '../run/run-record.js';

/** Renders a run record into one file of a run directory. Writers read only the record. */
export interface ReportWriter {
  readonly name: string;
  readonly fileName: string;
  render(record: RunRecord): string;
}
