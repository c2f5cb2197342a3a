import { StampedeError } from '../errors/stampede-error.js';
import type { ReportWriter } from './report-writer.js';

/** run.json itself: one record only (a comparison has no run.json of its own). */
export const jsonWriter: ReportWriter = {
  name: 'json',
  fileName: 'run.json',
  render(input) {
    if (Array.isArray(input)) {
      if (input.length !== 1)
        throw new StampedeError('STAMPEDE_USAGE', 'the json format renders one run, not a comparison', {
          hint: 'pick --format html,markdown,junit when comparing runs',
        });
      return `${JSON.stringify(input[0]?.record, null, 2)}\n`;
    }
    return `${JSON.stringify(input, null, 2)}\n`;
  },
};
