import { inertTerminalText as inert } from '../common/terminal-text.js';
import type { StampedeError } from '../errors/stampede-error.js';

/**
 * Where a command writes. In --json mode stdout carries exactly one JSON document (the result or
 * the error) and human lines go to stderr, so `stampede x --json | jq` always parses.
 */
export interface Output {
  readonly json: boolean;
  /** A line for people: stdout normally, stderr in --json mode. */
  info(line: string): void;
  /** The command's result: JSON in --json mode, else the human rendering. */
  result(value: unknown, human: () => string): void;
  error(err: StampedeError): void;
}

export interface Streams {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

export function createOutput(json: boolean, streams: Streams = process): Output {
  return {
    json,
    info(line) {
      (json ? streams.stderr : streams.stdout).write(`${inert(line)}\n`);
    },
    result(value, human) {
      if (json) streams.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
      else {
        // Human text may carry what a run.json or a scenario said: nothing in it reaches the terminal as a control.
        const text = inert(human());
        if (text !== '') streams.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
      }
    },
    error(err) {
      if (json) {
        streams.stdout.write(`${JSON.stringify({ error: err.toJSON() }, null, 2)}\n`);
        return;
      }
      streams.stderr.write(`error ${err.code}: ${inert(err.message)}\n`);
      if (err.hint) streams.stderr.write(`  hint: ${inert(err.hint)}\n`);
      const logTail = err.details?.logTail;
      if (Array.isArray(logTail) && logTail.length > 0) {
        streams.stderr.write(`  last log lines:\n${logTail.map((l) => `    ${inert(String(l))}`).join('\n')}\n`);
      }
    },
  };
}
