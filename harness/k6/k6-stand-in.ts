import { createContext, runInContext } from 'node:vm';
import { StampedeError } from '../errors/stampede-error.js';

/**
 * A RECORDING STAND-IN FOR k6, NOT k6. It evaluates an exported script in a bare V8 context
 * (the JavaScript language and nothing of Node: no Buffer, process, require or timers, which
 * goja lacks too) with small fakes of `k6/http`, `k6`, `k6/execution` and `k6/metrics` that
 * record what the script asks for and answer every request with a transport failure (status 0,
 * as k6 reports a refused connection). No request leaves the process.
 *
 * The export uses it to refuse a script that would fail in k6's init context or in its request
 * builders; the tests use it to compare the script's request sequence with our engine's. It
 * says nothing about k6's scheduling, HTTP client or metrics: no k6 binary runs here.
 */
export interface RecordedRequest {
  readonly sequence: number;
  readonly method: string;
  readonly url: string;
  readonly body: string | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
}

export interface StandInRun {
  /** `export const options` of the script. */
  readonly options: Record<string, unknown>;
  readonly requests: RecordedRequest[];
  /** Calls to http.setResponseCallback (the expected statuses given to http.expectedStatuses). */
  readonly responseCallbacks: unknown[];
  readonly metrics: string[];
}

async function toCommonJs(script: string): Promise<string> {
  const { transform } = await import('esbuild');
  return (await transform(script, { format: 'cjs', loader: 'js', target: 'es2017', logLevel: 'silent' })).code;
}

/**
 * Runs the script's init context (one VU), then its iterations: `count` numbered from 0, or the
 * iteration numbers given (those of one runner's execution segment).
 */
export async function runInStandIn(
  script: string,
  env: Record<string, string>,
  iterations: number | readonly number[],
): Promise<StandInRun> {
  const code = await toCommonJs(script);
  const requests: RecordedRequest[] = [];
  const responseCallbacks: unknown[] = [];
  const metrics: string[] = [];
  const execution = { scenario: { iterationInTest: 0 } };
  const http = {
    request(method: string, url: string, body: unknown, params: { headers?: Record<string, string>; tags?: Record<string, string> }) {
      requests.push({
        sequence: execution.scenario.iterationInTest,
        method,
        url,
        body: body === null || body === undefined ? null : typeof body === 'string' ? body : `<${(body as ArrayBuffer).byteLength} bytes>`,
        headers: { ...(params?.headers ?? {}) },
        tags: { ...(params?.tags ?? {}) },
      });
      return { status: 0, headers: {}, body: null, error_code: 1212 };
    },
    expectedStatuses: (...statuses: unknown[]) => ({ expectedStatuses: statuses }),
    setResponseCallback: (callback: unknown) => responseCallbacks.push(callback),
  };
  const modules: Record<string, unknown> = {
    'k6/http': { default: http, __esModule: true },
    k6: { check: () => true, __esModule: true },
    'k6/execution': { default: execution, __esModule: true },
    'k6/metrics': {
      Counter: class {
        constructor(name: string) {
          metrics.push(name);
        }
        add() {}
      },
      __esModule: true,
    },
  };
  const module = { exports: {} as Record<string, unknown> };
  const require = (name: string) => {
    if (!(name in modules)) throw new Error(`the script imports "${name}", which k6 does not provide`);
    return modules[name];
  };
  const context = createContext({
    module,
    exports: module.exports,
    require,
    __ENV: { ...env },
    console: { log() {}, warn() {}, error() {} },
  });
  runInContext(code, context, { filename: 'exported-k6-script.js', timeout: 30_000 });
  const iteration = module.exports.default as () => void;
  const numbers = typeof iterations === 'number' ? Array.from({ length: iterations }, (_, n) => n) : iterations;
  for (const n of numbers) {
    execution.scenario.iterationInTest = n;
    iteration();
  }
  return { options: module.exports.options as Record<string, unknown>, requests, responseCallbacks, metrics };
}

/** The export's gate: the script must load and build its first requests without Node. */
export async function assertRunsWithoutNode(script: string, scenarioName: string, count = 500): Promise<StandInRun> {
  try {
    return await runInStandIn(script, { STAMPEDE_TARGETS: 'http://127.0.0.1:1' }, count);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new StampedeError('STAMPEDE_K6_UNSUPPORTED', `scenario ${scenarioName} cannot run in k6: ${message.split('\n')[0]}`, {
      hint: 'request builders and their imports must use the JavaScript language only (no Buffer, process, fs, pg, ioredis at request time)',
      cause,
    });
  }
}
