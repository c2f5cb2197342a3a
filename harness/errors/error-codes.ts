import { ExitCode, type ExitCodeValue } from './exit-codes.js';

interface CodeSpec {
  readonly exitCode: ExitCodeValue;
  /** One line for the docs table in README.md (a test keeps the two in step). */
  readonly summary: string;
}

/**
 * Every stable error code the harness can raise. Callers and tests branch on these, never on
 * message text. Adding a code here without documenting it in README.md fails the suite.
 */
export const errorCodes = {
  STAMPEDE_USAGE: { exitCode: ExitCode.usage, summary: 'unknown command, flag or flag value' },
  STAMPEDE_NOT_BUILT: { exitCode: ExitCode.usage, summary: 'the CLI has not been compiled (npm run build)' },
  STAMPEDE_INFRA_BINARY_MISSING: {
    exitCode: ExitCode.infrastructure,
    summary: 'a server binary (postgres, pgbouncer, redis-server) is not installed',
  },
  STAMPEDE_INFRA_PORT_TAKEN: {
    exitCode: ExitCode.infrastructure,
    summary: 'a port the stack needs is already in use by another process',
  },
  STAMPEDE_INFRA_COMPONENT_DIED: {
    exitCode: ExitCode.infrastructure,
    summary: 'a component started and then exited (its last log lines are shown)',
  },
  STAMPEDE_INFRA_UNHEALTHY: {
    exitCode: ExitCode.infrastructure,
    summary: 'a component did not pass its health check in time',
  },
  STAMPEDE_INFRA_STATE_CONFLICT: {
    exitCode: ExitCode.infrastructure,
    summary: 'the state dir belongs to a stack started with other settings or another provider',
  },
  STAMPEDE_INFRA_DOCKER_UNAVAILABLE: {
    exitCode: ExitCode.infrastructure,
    summary: 'the docker provider was asked for but no Docker engine answers',
  },
  STAMPEDE_INFRA_DOCKER_FAILED: {
    exitCode: ExitCode.infrastructure,
    summary: '`docker compose` exited with an error',
  },
  STAMPEDE_INFRA_PROXY_PORTS_EXHAUSTED: {
    exitCode: ExitCode.infrastructure,
    summary: 'docker: every port of the proxy range docker-compose.yml publishes already holds a Toxiproxy proxy',
  },
  STAMPEDE_INFRA_EXTERNAL_MISSING_URL: {
    exitCode: ExitCode.usage,
    summary: 'the external provider needs a URL for every component',
  },
  STAMPEDE_INFRA_PRIVILEGES: {
    exitCode: ExitCode.infrastructure,
    summary: 'running as root but the `postgres` system user is missing or cannot reach the state dir',
  },
  STAMPEDE_TOXIPROXY_BAD_CONFIG: {
    exitCode: ExitCode.usage,
    summary: 'the --config file for `stampede toxiproxy serve` is missing or invalid',
  },
  STAMPEDE_TOXIPROXY_REMOTE_LISTEN: {
    exitCode: ExitCode.usage,
    summary: 'a non-loopback listen address was refused (pass --allow-remote-listen)',
  },
  STAMPEDE_TOXIPROXY_LISTEN_FAILED: {
    exitCode: ExitCode.infrastructure,
    summary: 'the Toxiproxy API could not bind its address (not a taken port: a bad --host, a privileged port)',
  },
  STAMPEDE_LOAD_REMOTE_TARGET: {
    exitCode: ExitCode.usage,
    summary: 'a non-loopback load target was refused (pass --allow-remote-target)',
  },
  STAMPEDE_LOAD_BAD_PLAN: {
    exitCode: ExitCode.usage,
    summary: 'a load plan is invalid (stages, rates, targets, request templates or limits)',
  },
  STAMPEDE_LOAD_BAD_REQUEST: {
    exitCode: ExitCode.usage,
    summary: 'a request builder threw or returned an invalid request (method, path or header) during a load run',
  },
  STAMPEDE_SCENARIO_NOT_FOUND: {
    exitCode: ExitCode.usage,
    summary: 'no built-in scenario by that name and no such file',
  },
  STAMPEDE_SCENARIO_INVALID: {
    exitCode: ExitCode.usage,
    summary: 'a scenario module failed validation (the path of the bad field is named)',
  },
  STAMPEDE_SCENARIO_FAILED: {
    exitCode: ExitCode.usage,
    summary: "the scenario's own code threw (seed, workload, drain, work count or a request builder); its message is shown",
  },
  STAMPEDE_GAMEDAY_NOT_FOUND: {
    exitCode: ExitCode.usage,
    summary: 'no shipped game day plan by that name and no such file',
  },
  STAMPEDE_GAMEDAY_INVALID: {
    exitCode: ExitCode.usage,
    summary: 'a game day plan failed validation (the path of the bad field is named)',
  },
  STAMPEDE_CHAOS_FAILED: {
    exitCode: ExitCode.infrastructure,
    summary: 'a chaos step did not apply (or could not be undone): the variant failed, since its fault never happened',
  },
  STAMPEDE_SERVICE_START_FAILED: {
    exitCode: ExitCode.infrastructure,
    summary: 'a service instance or upstream did not start (its last output lines are shown)',
  },
  STAMPEDE_REPORT_INVALID: {
    exitCode: ExitCode.usage,
    summary: 'the file given to `stampede report` is missing or not a run or game day record',
  },
  STAMPEDE_PROBE_BAD_CONFIG: {
    exitCode: ExitCode.usage,
    summary: 'a probe or the probe sampler was given invalid settings (interval, timeout, name, target URL or pid)',
  },
  STAMPEDE_K6_UNSUPPORTED: {
    exitCode: ExitCode.usage,
    summary: 'the scenario needs something k6 lacks (its request builders use Node APIs), so no k6 script is written',
  },
  STAMPEDE_K6_BAD_OUTPUT: {
    exitCode: ExitCode.usage,
    summary: 'a file given to `stampede k6 ingest` is missing or is not k6 JSON output (--out json=...)',
  },
  STAMPEDE_K6_NOT_INSTALLED: {
    exitCode: ExitCode.infrastructure,
    summary: '`stampede run --engine k6` found no k6 binary on PATH',
  },
  STAMPEDE_K6_FAILED: {
    exitCode: ExitCode.infrastructure,
    summary: 'k6 could not start or exited with an error during `stampede run --engine k6`',
  },
  STAMPEDE_INTERRUPTED: { exitCode: ExitCode.interrupted, summary: 'stopped by Ctrl-C or SIGTERM' },
  STAMPEDE_INTERNAL: { exitCode: ExitCode.infrastructure, summary: 'an unexpected failure (a bug: please report it)' },
} as const satisfies Record<string, CodeSpec>;

export type ErrorCode = keyof typeof errorCodes;
