import type { OptionTable, ParsedOptions } from './option-table.js';
import type { Output } from './output.js';

export interface CommandContext<T extends OptionTable> {
  readonly options: ParsedOptions<T> & { json: boolean };
  readonly positionals: string[];
  readonly out: Output;
  /** Aborted on Ctrl-C / SIGTERM: long-running commands stop and clean up when it fires. */
  readonly signal: AbortSignal;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** One CLI command: its words (`infra up`), its option table and its action. */
export interface Command<T extends OptionTable = OptionTable> {
  /** The words that select it, e.g. ['infra', 'up']. */
  readonly path: readonly string[];
  readonly summary: string;
  /** Positional arguments shown in --help, e.g. '<scenario|file.ts>'. */
  readonly args?: string;
  readonly options: T;
  /** Extra lines for --help: examples, output shape. */
  readonly details?: readonly string[];
  /** Returns the process exit code. */
  run(ctx: CommandContext<T>): Promise<number>;
}

/** Identity helper that keeps the option table's literal types for the action's context. */
export function defineCommand<const T extends OptionTable>(command: Command<T>): Command<T> {
  return command;
}
