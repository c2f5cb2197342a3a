import { ExitCode } from '../errors/exit-codes.js';
import { commands } from './commands/index.js';
import { runCli } from './run-cli.js';

// The first Ctrl-C asks the running command to stop and clean up (an interrupted run still writes
// its run.json); a second one leaves at once.
const controller = new AbortController();
let interrupts = 0;
const onSignal = (signal: NodeJS.Signals) => {
  interrupts += 1;
  if (interrupts > 1) process.exit(ExitCode.interrupted);
  process.stderr.write(`\n${signal}: stopping (press Ctrl-C again to leave at once)\n`);
  controller.abort(new Error(signal));
};
process.on('SIGINT', onSignal);
// A reader that goes away (`stampede infra status | head -1`) is not an error of ours: stop
// writing, finish the command (an `up` must still record what it started).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
}
process.on('SIGTERM', onSignal);

const code = await runCli(process.argv.slice(2), commands, {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: controller.signal,
});
process.exitCode = code;
// Servers started by `toxiproxy serve` or probes keep handles; commands that return are done.
if (!process.env.STAMPEDE_NO_EXIT) setImmediate(() => process.exit(code));
