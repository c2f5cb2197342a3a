import { ExitCode } from '../../errors/exit-codes.js';
import { selectionJson, selectionLine, selectProvider } from '../../infra/select-provider.js';
import type { StackStatus } from '../../infra/stack-types.js';
import { defineCommand } from '../command.js';
import { downOptions, infraOptions, stackOptions, upOptions } from '../stack-options.js';

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The human rendering of `status` (and of `up`'s result). */
export function renderStatus(status: StackStatus): string {
  if (!status.provider) return `no stack recorded in ${status.stateFile}\n  start one with: stampede infra up`;
  const head = `stack: ${status.provider}, ${status.running ? 'running' : 'NOT healthy'} (started ${status.startedAt}, startupMs ${status.startupMs})`;
  const rows = [['component', 'port', 'pid', 'version', 'health', 'detail']];
  for (const c of status.components) {
    rows.push([
      c.name,
      String(c.port),
      c.pid === null ? '-' : String(c.pid),
      c.version ?? '-',
      c.health,
      c.health === 'healthy' ? (c.implementation ?? '') : (c.detail ?? ''),
    ]);
  }
  return `${head}\n${table(rows)}\nstate: ${status.stateFile}`;
}

const up = defineCommand({
  path: ['infra', 'up'],
  summary: 'start PostgreSQL, PgBouncer, Redis and Toxiproxy and wait until each is healthy',
  options: upOptions,
  details: [
    'A second `up` finds the running stack and starts nothing. `--json` prints { provider, alreadyRunning, status }.',
    '`--provider auto` is native whenever postgres, initdb, pgbouncer and redis-server are installed, docker only otherwise; the first line says which and why.',
  ],
  async run({ options, out, env, signal }) {
    const opts = infraOptions(options, env, signal, (line) => out.info(line));
    const selection = await selectProvider(options.provider as never, opts.stateDir, env, false);
    out.info(selectionLine(selection));
    const result = await selection.provider.up(opts);
    out.result(
      { provider: selectionJson(selection), alreadyRunning: result.alreadyRunning, status: result.status },
      () =>
        `${result.alreadyRunning ? 'already running: nothing started' : `stack up in ${result.state.startupMs} ms`}\n${renderStatus(result.status)}`,
    );
    return ExitCode.ok;
  },
});

const down = defineCommand({
  path: ['infra', 'down'],
  summary: 'stop every process the stack started (by PID) and free its ports',
  options: downOptions,
  async run({ options, out, env, signal }) {
    const opts = infraOptions(options, env, signal, (line) => out.info(line));
    const selection = await selectProvider(options.provider as never, opts.stateDir, env, true);
    out.info(selectionLine(selection));
    const result = await selection.provider.down({ ...opts, purge: options.purge });
    out.result(result, () =>
      result.provider === null && !result.purged && result.stopped.length === 0
        ? `no stack recorded: nothing to stop${options.purge ? ', no data to delete' : ''}`
        : `stopped ${result.stopped.map((s) => `${s.name} (pid ${s.pid})`).join(', ') || 'nothing still running'}${result.purged ? `; deleted ${(result.deleted ?? []).join(', ') || 'the data'}` : options.purge ? '; no data to delete' : ''}`,
    );
    return ExitCode.ok;
  },
});

const status = defineCommand({
  path: ['infra', 'status'],
  summary: "show each component's port, pid, version and health, and the last up's startupMs",
  options: stackOptions,
  details: ['Exit code 0 when every component is healthy (or unavailable by design), 3 otherwise.'],
  async run({ options, out, env, signal }) {
    const opts = infraOptions(options, env, signal, (line) => out.info(line));
    const selection = await selectProvider(options.provider as never, opts.stateDir, env, true);
    out.info(selectionLine(selection));
    const result = await selection.provider.status(opts);
    out.result(result, () => renderStatus(result));
    return result.running ? ExitCode.ok : ExitCode.infrastructure;
  },
});

export const infraCommands = [up, down, status];
