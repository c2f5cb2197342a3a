import { parseDuration } from '../../common/duration.js';
import { ExitCode } from '../../errors/exit-codes.js';
import { StampedeError } from '../../errors/stampede-error.js';
import {
  createLoadRun,
  createProgressReporter,
  defaultConnections,
  defaultMaxInFlight,
  type LoadPlan,
  maxRate,
  type RequestSpec,
  renderLoadSummary,
  type StageSpec,
} from '../../load/index.js';
import { defineCommand } from '../command.js';
import type { OptionTable, ParsedOptions } from '../option-table.js';

const options = {
  url: { type: 'list', description: 'target URL, loopback only; repeat for round-robin over several instances', placeholder: 'URL' },
  rate: {
    type: 'number',
    min: 0,
    max: maxRate,
    description: `open model: constant arrival rate in requests/s for --duration (at most ${maxRate})`,
    placeholder: 'N',
  },
  stage: {
    type: 'list',
    description: `open model: a ramp 'DURATION:TARGET' (k6 ramping-arrival-rate, TARGET at most ${maxRate}), e.g. --stage 10s:500 --stage 5s:2000`,
    placeholder: 'D:N',
  },
  'start-rate': { type: 'number', min: 0, max: maxRate, description: 'rate the first --stage ramps from (default 0)', placeholder: 'N' },
  duration: { type: 'duration', default: '10s', description: 'length of the run with --rate or --vus', placeholder: 'DURATION' },
  vus: {
    type: 'number',
    integer: true,
    min: 1,
    description: 'closed model: N virtual users, each waits for its response',
    placeholder: 'N',
  },
  'think-time': {
    type: 'duration',
    description: 'closed model: pause between a VU response and its next request (default 0)',
    placeholder: 'DURATION',
  },
  method: { type: 'string', description: 'HTTP method (default GET, or POST with --body)', placeholder: 'METHOD' },
  body: { type: 'string', description: 'request body', placeholder: 'TEXT' },
  header: { type: 'list', description: "request header 'Name: value'", placeholder: 'HEADER' },
  connections: {
    type: 'number',
    integer: true,
    min: 1,
    description: `keep-alive connections per target (default ${defaultConnections}, or one per VU)`,
    placeholder: 'N',
  },
  'max-in-flight': {
    type: 'number',
    integer: true,
    min: 1,
    description: `open model: requests in flight beyond which a due request is dropped (default ${defaultMaxInFlight})`,
    placeholder: 'N',
  },
  timeout: { type: 'duration', default: '10s', description: 'per-request timeout', placeholder: 'DURATION' },
  seed: {
    type: 'number',
    integer: true,
    min: 0,
    max: 0xffffffff,
    description: 'PRNG seed (default random, printed in the result)',
    placeholder: 'N',
  },
  'allow-remote-target': { type: 'boolean', description: 'allow targets outside 127.0.0.0/8, ::1 and localhost' },
} as const satisfies OptionTable;

type Options = ParsedOptions<typeof options> & { json: boolean };

function usage(message: string, hint: string): StampedeError {
  return new StampedeError('STAMPEDE_USAGE', message, { hint });
}

function parseHeaders(lines: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const match = /^([^:\s]+)\s*:\s*(.*)$/.exec(line);
    if (!match) throw usage(`--header expects 'Name: value', got "${line}"`, "for example --header 'Authorization: Bearer t0k3n'");
    headers[match[1] as string] = match[2] as string;
  }
  return headers;
}

function parseStages(texts: readonly string[]): StageSpec[] {
  return texts.map((text) => {
    const match = /^([^:]+):(\d+(?:\.\d+)?)$/.exec(text.trim());
    const ms = match ? parseDuration(match[1] as string) : undefined;
    if (!match || ms === undefined) throw usage(`--stage expects DURATION:TARGET, got "${text}"`, 'for example --stage 30s:2000');
    return { duration: ms, target: Number(match[2]) };
  });
}

/** Turns the flags into a load plan; every inconsistency is a STAMPEDE_USAGE error. */
export function planFromOptions(o: Options): LoadPlan {
  if (o.url.length === 0) throw usage('--url is required', 'for example --url http://127.0.0.1:3000/health');
  const models = [o.rate !== undefined && '--rate', o.stage.length > 0 && '--stage', o.vus !== undefined && '--vus'].filter(Boolean);
  if (models.length === 0)
    throw usage('say how much load: --rate N (open model), --stage D:N (ramps) or --vus N (closed)', 'for example --rate 2000');
  if (models.length > 1)
    throw usage(`${models.join(' and ')} cannot be combined`, 'use --rate or --stage for an arrival rate, --vus for virtual users');
  if (o.vus === undefined && o.thinkTime !== undefined) throw usage('--think-time needs --vus', 'think time belongs to the closed model');
  if (o.vus !== undefined && o.maxInFlight !== undefined)
    throw usage('--max-in-flight is for the open model', 'with --vus, in-flight requests are at most the VU count');
  if (o.startRate !== undefined && o.stage.length === 0)
    throw usage('--start-rate needs --stage', 'for example --start-rate 100 --stage 30s:2000');
  const method = o.method ?? (o.body !== undefined ? 'POST' : 'GET');
  const request: RequestSpec = {
    method,
    headers: parseHeaders(o.header),
    ...(o.body !== undefined ? { body: o.body } : {}),
  };
  const common = {
    targets: o.url,
    requests: [{ name: `${method} ${o.url.length === 1 ? pathOf(o.url[0] as string) : '(targets)'}`, request }],
    seed: o.seed,
    connections: o.connections,
    timeout: o.timeout,
    allowRemoteTarget: o.allowRemoteTarget,
  };
  if (o.vus !== undefined) return { ...common, model: 'vus', vus: o.vus, duration: o.duration, thinkTime: o.thinkTime ?? 0 };
  const stages = o.rate !== undefined ? [{ duration: o.duration, target: o.rate }] : parseStages(o.stage);
  return { ...common, model: 'arrival-rate', startRate: o.rate ?? o.startRate ?? 0, stages, maxInFlight: o.maxInFlight };
}

export const loadCommands = [
  defineCommand({
    path: ['load'],
    summary: 'drive an HTTP target with open-model (arrival rate) or closed-model (VUs) load',
    options,
    details: [
      "Latency is measured from each request's intended send time (no coordinated omission) and,",
      'separately, from the actual write (service time). Requests due while --max-in-flight are',
      'already in flight are counted as dropped, never delayed. Ctrl-C stops at once and still',
      'prints the summary (exit 130).',
      '',
      'Examples:',
      '  stampede load --url http://127.0.0.1:3000/health --rate 2000 --duration 20s',
      '  stampede load --url http://127.0.0.1:3001/ --url http://127.0.0.1:3002/ --stage 10s:500 --stage 5s:3000 --stage 10s:500',
      "  stampede load --url http://127.0.0.1:3000/orders --method POST --body '{\"sku\":1}' --header 'Content-Type: application/json' --vus 50 --think-time 100ms --json",
    ],
    async run(ctx) {
      const plan = planFromOptions(ctx.options);
      // Progress goes to stderr on a terminal (redrawn); otherwise plain lines through out.info,
      // which keeps stdout to the summary alone in --json mode.
      const tty = process.stderr.isTTY === true;
      const progress = createProgressReporter({
        tty,
        write: tty ? (text) => process.stderr.write(text) : (text) => ctx.out.info(text.replace(/\n$/, '')),
      });
      let run: ReturnType<typeof createLoadRun>;
      try {
        run = createLoadRun(plan, { signal: ctx.signal, onSecond: progress.onSecond });
      } catch (err) {
        if (err instanceof StampedeError && err.code === 'STAMPEDE_LOAD_BAD_PLAN') throw usage(err.message, err.hint ?? 'see --help');
        throw err;
      }
      const result = await run.result;
      progress.finish();
      ctx.out.result(result, () => renderLoadSummary(result));
      return result.status === 'interrupted' ? ExitCode.interrupted : ExitCode.ok;
    },
  }),
];

/** The path of a --url for the request's name; a URL that does not parse is refused later, by the plan's target check, with its code. */
function pathOf(url: string): string {
  return URL.canParse(url) ? new URL(url).pathname : url;
}
