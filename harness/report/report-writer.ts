import type { RunRecord } from '../record/run-record.js';

/** A run to compare, named for its column headers ("before", a run directory's name). */
export interface LabelledRun {
  readonly label: string;
  readonly record: RunRecord;
}

/**
 * What a writer renders: one run (its variants side by side: naive vs hardened), or several runs
 * on the same axes (before vs after: one column per run and variant).
 */
export type ReportInput = RunRecord | readonly LabelledRun[];

/** Renders run records into one file. Pure: it reads only the records and returns the text. */
export interface ReportWriter {
  readonly name: string;
  readonly fileName: string;
  render(input: ReportInput): string;
}
