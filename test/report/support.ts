import { readFileSync } from 'node:fs';
import type { RunRecord } from '../../harness/record/run-record.js';

/** The real run.json files under test/fixtures/runs (trimmed copies of `stampede run` output). */
export const fixtureFiles = {
  both: 'test/fixtures/runs/black-friday-routing/run.json',
  naive30s: 'test/fixtures/runs/naive-30s/run.json',
  /** 20 s at scale 0.1: too short for naive to deadlock, so three of its expectations failed. */
  short: 'test/fixtures/runs/short-run/run.json',
} as const;

export function loadFixture(name: keyof typeof fixtureFiles): RunRecord {
  return JSON.parse(readFileSync(fixtureFiles[name], 'utf8')) as RunRecord;
}

/** Snapshots compare content, not the clock: timestamps and durations become placeholders. */
export function normalise(text: string): string {
  return text
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '<timestamp>')
    .replace(/\btime="[\d.]+"/g, 'time="<duration>"')
    .replace(/\b\d[\d,]*(\.\d+)? ?(ms|s)\b/g, '<duration>');
}

const evil = `<script>alert("x")</script> & 'quotes' | pipes \`\`\` fence ]]> \u0001 <img src=https://example.invalid/x.png>`;

/**
 * A real record with hostile text wherever run.json carries user-provided strings: the story, a
 * chaos step name, an invariant's name, description and sample rows, a server log line.
 */
export function hostileRecord(): RunRecord {
  const record = loadFixture('both');
  const [naive, ...rest] = record.variants;
  if (!naive) throw new Error('fixture has no variants');
  return {
    ...record,
    scenario: { ...record.scenario, incident: evil, sources: [evil] },
    variants: [
      {
        ...naive,
        chaos: naive.chaos.map((e) => ({ ...e, step: `${e.step} ${evil}` })),
        invariants: naive.invariants.map((inv) => ({ ...inv, name: `${inv.name}${evil}`, description: evil, samples: [{ evil }, evil] })),
        verdicts: [...naive.verdicts, { metric: `invariant:${evil}`, threshold: 'count==0', actual: 3, ok: false }],
        evidence: { postgresDeadlocks: { reports: 1, samples: [evil] } },
        ok: false,
      },
      ...rest,
    ],
    ok: false,
  };
}
