import { ExitCode } from '../errors/exit-codes.js';
import { StampedeError, toStampedeError } from '../errors/stampede-error.js';
import type { Command } from './command.js';
import { commandHelpJson, renderCommandHelp, renderIndexHelp } from './help.js';
import { type OptionTable, parseArgs } from './option-table.js';
import { createOutput, type Streams } from './output.js';

/** Flags every command takes. */
export const commonOptions = {
  json: { type: 'boolean', description: 'print the result (or the error) as one JSON document on stdout' },
  help: { type: 'boolean', description: 'show this help' },
} as const satisfies OptionTable;

export interface CliRuntime extends Streams {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal: AbortSignal;
}

/** Picks the command whose words are the longest prefix of argv. */
function findCommand(commands: readonly Command[], argv: readonly string[]): Command | undefined {
  let best: Command | undefined;
  for (const command of commands) {
    const matches = command.path.every((word, i) => argv[i] === word);
    if (matches && (!best || command.path.length > best.path.length)) best = command;
  }
  return best;
}

/** Runs the CLI for argv and returns the exit code; never throws, never prints a stack trace. */
export async function runCli(argv: readonly string[], commands: readonly Command[], runtime: CliRuntime): Promise<number> {
  const wantsJson = argv.includes('--json');
  const out = createOutput(wantsJson, runtime);
  const command = findCommand(commands, argv);
  const wantsHelp = argv.includes('--help') || argv.includes('-h');
  try {
    if (!command) {
      const prefix = argv.filter((a) => !a.startsWith('-'));
      const known = prefix.length > 0 && commands.some((c) => c.path[0] === prefix[0]);
      if (wantsHelp || argv.length === 0 || (known && prefix.length === 1)) {
        const scope = known ? [prefix[0] as string] : [];
        out.result(
          {
            commands: commands
              .filter((c) => scope.every((w, i) => c.path[i] === w))
              .map((c) => ({ command: c.path.join(' '), summary: c.summary })),
          },
          () => renderIndexHelp(commands, scope),
        );
        return argv.length === 0 && !known ? ExitCode.usage : ExitCode.ok;
      }
      throw new StampedeError('STAMPEDE_USAGE', `unknown command "${prefix.join(' ')}"`, {
        hint: 'run `stampede --help` for the list of commands',
      });
    }
    const rest = argv.slice(command.path.length);
    if (wantsHelp) {
      out.result(commandHelpJson(command, commonOptions), () => renderCommandHelp(command, commonOptions));
      return ExitCode.ok;
    }
    const { options, positionals } = parseArgs(rest, { ...command.options, ...commonOptions }, runtime.env);
    return await command.run({ options: options as never, positionals, out, signal: runtime.signal, env: runtime.env });
  } catch (err) {
    const error = toStampedeError(err);
    out.error(error);
    if (error.code === 'STAMPEDE_INTERNAL' && runtime.env.STAMPEDE_DEBUG) runtime.stderr.write(`${String((err as Error).stack)}\n`);
    return error.exitCode;
  }
}
