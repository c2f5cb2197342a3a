import type { Command } from './command.js';
import type { OptionSpec, OptionTable } from './option-table.js';

function flagLabel(flag: string, spec: OptionSpec): string {
  if (spec.type === 'boolean') return `--${flag}`;
  const placeholder = spec.placeholder ?? (spec.type === 'string' && spec.choices ? spec.choices.join('|') : spec.type.toUpperCase());
  return `--${flag} ${placeholder}`;
}

function describe(spec: OptionSpec): string {
  const notes: string[] = [];
  if ('default' in spec && spec.default !== undefined) notes.push(`default ${spec.default}`);
  if (spec.type === 'list') notes.push('repeatable');
  if (spec.env) notes.push(`env ${spec.env}`);
  return notes.length > 0 ? `${spec.description} (${notes.join('; ')})` : spec.description;
}

/** Renders --help for one command from its option table: the table is the single source. */
export function renderCommandHelp(command: Command, common: OptionTable): string {
  const all: [string, OptionSpec][] = [...Object.entries(command.options), ...Object.entries(common)];
  const labels = all.map(([flag, spec]) => flagLabel(flag, spec));
  const width = Math.max(...labels.map((l) => l.length));
  const lines = [
    `Usage: stampede ${command.path.join(' ')}${command.args ? ` ${command.args}` : ''} [options]`,
    '',
    command.summary,
    '',
    'Options:',
  ];
  all.forEach(([, spec], i) => {
    lines.push(`  ${(labels[i] as string).padEnd(width)}  ${describe(spec)}`);
  });
  if (command.details?.length) lines.push('', ...command.details);
  return lines.join('\n');
}

/** Lists the commands under a prefix (`stampede --help`, `stampede infra --help`). */
export function renderIndexHelp(commands: readonly Command[], prefix: readonly string[]): string {
  const shown = commands.filter((c) => prefix.every((word, i) => c.path[i] === word));
  const names = shown.map((c) => `${c.path.join(' ')}${c.args ? ` ${c.args}` : ''}`);
  const width = Math.max(...names.map((n) => n.length));
  const head = prefix.length === 0 ? 'stampede <command> [options]' : `stampede ${prefix.join(' ')} <command> [options]`;
  return [
    `Usage: ${head}`,
    '',
    'Commands:',
    ...shown.map((c, i) => `  ${(names[i] as string).padEnd(width)}  ${c.summary}`),
    '',
    'Every command takes --help and --json. Exit codes: 0 ok, 1 expectations failed, 2 usage, 3 infrastructure, 130 interrupted.',
  ].join('\n');
}

/** Machine-readable help for --help --json. */
export function commandHelpJson(command: Command, common: OptionTable): unknown {
  return {
    command: command.path.join(' '),
    args: command.args ?? null,
    summary: command.summary,
    options: { ...command.options, ...common },
  };
}
