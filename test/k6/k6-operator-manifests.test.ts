import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { kubernetesName, manifestsYaml, operatorManifests } from '../../harness/k6/k6-operator-manifests.js';
import { rejection } from '../helpers/rejection.js';

// The field names of k6-operator's TestRun CRD that the manifests may use, copied from
// grafana/k6-operator config/crd/bases/k6.io_testruns.yaml and docs/crd-generated.md (spec
// requires parallelism and script; arguments is a string; cleanup is the enum "post"; runner is
// the operator's pod template: env with valueFrom.fieldRef, resources, volumes, volumeMounts).
// No cluster runs here: this checks names and shapes, not that an operator accepts them.
const testRunSpec = {
  required: ['parallelism', 'script'],
  fields: new Set([
    'arguments',
    'cleanup',
    'initializer',
    'parallelism',
    'paused',
    'quiet',
    'runner',
    'scuttle',
    'script',
    'separate',
    'starter',
    'testRunId',
    'token',
  ]),
  script: new Set(['configMap', 'volumeClaim', 'localFile']),
  configMap: new Set(['name', 'file']),
  runner: new Set([
    'affinity',
    'env',
    'envFrom',
    'image',
    'imagePullPolicy',
    'imagePullSecrets',
    'metadata',
    'nodeSelector',
    'resources',
    'securityContext',
    'serviceAccountName',
    'tolerations',
    'volumes',
    'volumeMounts',
  ]),
  resources: new Set(['limits', 'requests', 'claims']),
};

const options = {
  scenario: 'black-friday-routing',
  scriptFile: 'black-friday-routing.js',
  script: 'export default function () {}\n',
  parallelism: 4,
  namespace: 'load',
  targets: 'http://route-optimizer.load.svc:3000',
  maxVUs: 2000,
};

const keys = (value: unknown) => Object.keys(value as Record<string, unknown>);

describe('k6-operator manifests', () => {
  it('a TestRun whose every field is one of the CRD fields, with parallelism, the script ConfigMap and per-runner JSON output', () => {
    const { testRun, configMap } = operatorManifests(options);
    expect(testRun).toMatchObject({
      apiVersion: 'k6.io/v1alpha1',
      kind: 'TestRun',
      metadata: { name: 'black-friday-routing', namespace: 'load' },
    });
    const spec = testRun.spec as Record<string, Record<string, unknown>>;
    for (const field of keys(spec)) expect(testRunSpec.fields, field).toContain(field);
    for (const field of testRunSpec.required) expect(keys(spec)).toContain(field);
    for (const field of keys(spec.script)) expect(testRunSpec.script).toContain(field);
    expect(keys(spec.script?.configMap)).toEqual(['name', 'file']);
    for (const field of keys(spec.runner)) expect(testRunSpec.runner, field).toContain(field);
    for (const field of keys(spec.runner?.resources)) expect(testRunSpec.resources).toContain(field);
    expect(spec.parallelism).toBe(4);
    expect(typeof spec.arguments).toBe('string');
    expect(spec.arguments).toContain('--out json=/results/$(POD_NAME).json.gz');
    // The ConfigMap holds the script under the file name the TestRun asks for.
    expect((configMap.data as Record<string, string>)[options.scriptFile]).toBe(options.script);
    expect((configMap.metadata as { name: string }).name).toBe((spec.script?.configMap as { name: string } | undefined)?.name);
    const env = (spec.runner?.env as { name: string; value?: string; valueFrom?: unknown }[]) ?? [];
    expect(env.find((e) => e.name === 'POD_NAME')?.valueFrom).toEqual({ fieldRef: { fieldPath: 'metadata.name' } });
    expect(env.find((e) => e.name === 'STAMPEDE_TARGETS')?.value).toBe(options.targets);
  });

  it('writes one multi-document YAML (ConfigMap, claim, TestRun) that parses back to the same objects', async () => {
    const manifests = operatorManifests(options);
    const docs = parseAllDocuments(await manifestsYaml(manifests)).map((d) => d.toJS());
    expect(docs.map((d) => d.kind)).toEqual(['ConfigMap', 'PersistentVolumeClaim', 'TestRun']);
    expect(docs[2]).toEqual(manifests.testRun);
    expect(docs[0].data[options.scriptFile]).toBe(options.script);
  });

  it('sizes runner memory from the VUs each runner may hold, and refuses a script a ConfigMap cannot hold', async () => {
    const small = operatorManifests({ ...options, parallelism: 20 }).testRun.spec as {
      runner: { resources: { limits: { memory: string } } };
    };
    const large = operatorManifests({ ...options, parallelism: 2 }).testRun.spec as {
      runner: { resources: { limits: { memory: string } } };
    };
    expect(Number.parseInt(large.runner.resources.limits.memory, 10)).toBeGreaterThan(
      Number.parseInt(small.runner.resources.limits.memory, 10),
    );
    const err = await rejection(Promise.resolve().then(() => operatorManifests({ ...options, script: 'x'.repeat(1_100_000) })));
    expect(err.code).toBe('STAMPEDE_K6_UNSUPPORTED');
  });

  it('makes DNS-1123 names', () => {
    expect(kubernetesName('Black_Friday routing!')).toBe('black-friday-routing');
    expect(kubernetesName('a'.repeat(80), '-script')).toHaveLength(63);
  });
});
