import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../harness/record/run-record.js';
import { applyThresholds } from '../../harness/report/apply-thresholds.js';
import { renderJunit } from '../../harness/report/junit-writer.js';
import { parseThresholdFlags } from '../../harness/scenario/threshold-flags.js';
import { hostileRecord, loadFixture, normalise } from './support.js';

interface Case {
  '@_name': string;
  failure?: { '@_message': string };
  error?: { '@_message': string };
}
interface Suite {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
  testcase: Case[];
}

function parse(xml: string): { testsuites: { '@_failures': string; testsuite: Suite[] } } {
  expect(XMLValidator.validate(xml)).toBe(true);
  return new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testsuite' || name === 'testcase' }).parse(xml);
}

const failedVerdicts = (record: RunRecord) => record.variants.flatMap((v) => v.verdicts.filter((x) => !x.ok));

describe('junit.xml', () => {
  it('has a testsuite per variant and a test case per verdict and unjudged invariant', async () => {
    const record = loadFixture('both');
    const xml = renderJunit(record);
    const doc = parse(xml);
    const [naive, hardened] = doc.testsuites.testsuite;
    expect([naive?.['@_name'], hardened?.['@_name']]).toEqual(['black-friday-routing naive', 'black-friday-routing hardened']);
    // naive: 4 verdicts + acknowledged-not-persisted, which no naive verdict judges
    expect(naive?.testcase.map((c) => c['@_name'])).toEqual([
      'deadlocks count>0',
      'db_errors:40P01 count>0',
      'pgbouncer_cl_waiting max>0',
      'invariant:hazmat-through-tunnel count>0',
      'invariant:acknowledged-not-persisted',
    ]);
    expect(hardened?.testcase).toHaveLength(6);
    expect(doc.testsuites['@_failures']).toBe('0');
    await expect(normalise(xml)).toMatchFileSnapshot('./__snapshots__/black-friday-routing.junit.xml');
  });

  it('fails one case per failed verdict, with actual vs threshold', async () => {
    const record = applyThresholds(loadFixture('short'), parseThresholdFlags(['http_req_duration:p(99)<500', 'no_such_metric:count==0']));
    const xml = renderJunit(record);
    const doc = parse(xml);
    const failing = doc.testsuites.testsuite.flatMap((s) => s.testcase.filter((c) => c.failure));
    expect(failing).toHaveLength(failedVerdicts(record).length);
    expect(failing.length).toBe(6); // naive: 3 signatures that did not show + unknown metric; hardened: p(99) + unknown metric
    expect(doc.testsuites['@_failures']).toBe('6');
    expect(failing.map((c) => c.failure?.['@_message'])).toContain('actual 0, threshold count>0');
    expect(failing.map((c) => c.failure?.['@_message'])).toContain('actual not measured, threshold count==0');
    expect(failing.map((c) => c.failure?.['@_message'])).toContain('actual 555.52, threshold p(99)<500');
    await expect(normalise(xml)).toMatchFileSnapshot('./__snapshots__/short-run.junit.xml');
  });

  it('reports a variant that did not complete as an error, and an invariant that could not run', () => {
    const record = loadFixture('both');
    const [naive, hardened] = record.variants;
    if (!naive || !hardened) throw new Error('fixture has two variants');
    const broken: RunRecord = {
      ...record,
      variants: [
        {
          ...naive,
          invariants: [
            ...naive.invariants,
            { name: 'ledger', description: 'd', violations: 0, samples: [], error: 'relation "x" does not exist' },
          ],
        },
        { ...hardened, status: 'interrupted', reason: { code: 'STAMPEDE_INTERRUPTED', message: 'Ctrl-C' }, verdicts: [], ok: false },
      ],
    };
    const doc = parse(renderJunit(broken));
    const errors = doc.testsuites.testsuite.flatMap((s) =>
      s.testcase.filter((c) => c.error).map((c) => [c['@_name'], c.error?.['@_message']]),
    );
    expect(errors).toEqual([
      ['invariant:ledger', 'the check could not run: relation "x" does not exist'],
      ['run completed', 'hardened interrupted (STAMPEDE_INTERRUPTED): Ctrl-C'],
    ]);
  });

  it('stays valid XML whatever run.json holds', () => {
    const xml = renderJunit(hostileRecord());
    const doc = parse(xml);
    expect(doc.testsuites.testsuite[0]?.testcase.some((c) => c['@_name'].includes('<script>alert("x")</script>'))).toBe(true);
    expect(xml).not.toContain('\u0001');
  });

  it('compares runs: one testsuite per run and variant', () => {
    const doc = parse(
      renderJunit([
        { label: 'before', record: loadFixture('naive30s') },
        { label: 'after', record: loadFixture('both') },
      ]),
    );
    expect(doc.testsuites.testsuite.map((s) => s['@_name'])).toEqual([
      'black-friday-routing before · naive',
      'black-friday-routing after · naive',
      'black-friday-routing after · hardened',
    ]);
  });
});
