// Prints the one closing line CI reads, `N passed, N failed, N skipped`, from vitest's JSON
// report. A missing or unreadable report is a failure, never a silent pass.
import { readFileSync } from 'node:fs';

const file = process.argv[2];
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (err) {
  console.error(`no test report at ${file}: ${err.message}`);
  process.exit(1);
}
const failedSuites = report.testResults.filter((r) => r.status === 'failed' && r.assertionResults.length === 0).length;
const failed = report.numFailedTests + failedSuites;
process.stdout.write(`\n${report.numPassedTests} passed, ${failed} failed, ${report.numPendingTests + report.numTodoTests} skipped\n`);
process.exit(failed > 0 || report.numPassedTests === 0 ? 1 : 0);
