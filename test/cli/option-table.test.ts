import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../harness/cli/option-table.js';
import { StampedeError } from '../../harness/errors/stampede-error.js';

const table = {
  rate: { type: 'number', min: 1, default: 100, description: 'requests/s' },
  duration: { type: 'duration', default: '10s', description: 'how long' },
  provider: { type: 'string', choices: ['auto', 'native'], default: 'auto', env: 'P', description: 'provider' },
  header: { type: 'list', description: 'headers' },
  json: { type: 'boolean', description: 'json' },
  'state-dir': { type: 'string', description: 'dir' },
} as const;

function usage(argv: string[], env: Record<string, string> = {}): StampedeError {
  try {
    parseArgs(argv, table, env);
  } catch (err) {
    return err as StampedeError;
  }
  throw new Error('expected a usage error');
}

describe('parseArgs', () => {
  it('fills defaults, converts types and camel-cases names', () => {
    const { options, positionals } = parseArgs(['scenario.ts', '--rate', '250', '--duration=2m', '--state-dir', '/tmp/x', '--json'], table);
    expect(options).toEqual({ rate: 250, duration: 120_000, provider: 'auto', header: [], json: true, stateDir: '/tmp/x' });
    expect(positionals).toEqual(['scenario.ts']);
  });

  it('collects repeatable flags and stops at --', () => {
    const { options, positionals } = parseArgs(['--header', 'a: 1', '--header', 'b: 2', '--', '--rate'], table);
    expect(options.header).toEqual(['a: 1', 'b: 2']);
    expect(positionals).toEqual(['--rate']);
  });

  it('reads the environment when the flag is absent, the flag wins when present', () => {
    expect(parseArgs([], table, { P: 'native' }).options.provider).toBe('native');
    expect(parseArgs(['--provider', 'auto'], table, { P: 'native' }).options.provider).toBe('auto');
  });

  it('refuses bad input with STAMPEDE_USAGE and a hint', () => {
    const cases: [string[], RegExp][] = [
      [['--nope'], /unknown flag --nope/],
      [['--rate'], /--rate needs a value/],
      [['--rate', 'fast'], /expects a number/],
      [['--rate', '0'], /at least 1/],
      [['--duration', '10 parsecs'], /expects a duration/],
      [['--provider', 'docker'], /must be one of auto, native/],
      [['-x'], /unknown flag "-x"/],
    ];
    for (const [argv, message] of cases) {
      const err = usage(argv);
      expect(err).toBeInstanceOf(StampedeError);
      expect(err.code).toBe('STAMPEDE_USAGE');
      expect(err.exitCode).toBe(2);
      expect(err.message).toMatch(message);
      expect(err.hint).toBeTruthy();
    }
    expect(usage([], { P: 'kubernetes' }).message).toMatch(/P \(environment\) must be one of/);
  });
});
