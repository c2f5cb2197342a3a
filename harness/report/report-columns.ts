import type { RunRecord, VariantRecord } from '../record/run-record.js';
import type { LabelledRun, ReportInput } from './report-writer.js';

/** One column of a report: a variant of a run, with the run it belongs to. */
export interface ReportColumn {
  /** "naive" for one run; "before · naive" when several runs are compared. */
  readonly label: string;
  readonly run: LabelledRun;
  readonly variant: VariantRecord;
}

/** The normalised input of every writer: the runs and their columns, left to right. */
export interface ReportSubject {
  readonly runs: readonly LabelledRun[];
  readonly columns: readonly ReportColumn[];
  /** True when several runs are compared (column labels then name the run too). */
  readonly comparing: boolean;
  /** The scenario name(s), for titles. */
  readonly title: string;
}

const isRecord = (input: ReportInput): input is RunRecord => !Array.isArray(input);

/** Turns one record or a list of labelled runs into columns: every variant of every run, in order. */
export function reportSubject(input: ReportInput): ReportSubject {
  const runs: readonly LabelledRun[] = isRecord(input) ? [{ label: input.scenario.name, record: input }] : input;
  const comparing = runs.length > 1;
  const columns = runs.flatMap((run) =>
    run.record.variants.map((variant) => ({ label: comparing ? `${run.label} · ${variant.variant}` : variant.variant, run, variant })),
  );
  const title = [...new Set(runs.map((r) => r.record.scenario.name))].join(' vs ');
  return { runs, columns, comparing, title };
}
