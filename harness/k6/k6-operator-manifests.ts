import { StampedeError } from '../errors/stampede-error.js';

/**
 * The Kubernetes objects that run an exported script on k6-operator, past one machine:
 * a ConfigMap holding the script, a PersistentVolumeClaim the runners write their JSON output
 * to, and a `TestRun` (k6.io/v1alpha1). Field names follow k6-operator's CRD
 * (config/crd/bases/k6.io_testruns.yaml: spec.parallelism and spec.script are required;
 * spec.script.configMap.{name,file}, spec.arguments is one string, spec.runner is a pod template
 * with env, resources, volumes and volumeMounts).
 *
 * The operator gives each of the N runners an equal execution segment; the script numbers
 * requests by exec.scenario.iterationInTest, so together they build the one sequence of the
 * seed. Each runner writes its own file: the container's POD_NAME (downward API) is expanded by
 * Kubernetes in the command line, so `--out json=/results/$(POD_NAME).json.gz` names one file
 * per runner on the shared claim. `stampede k6 ingest /results/*.json.gz` merges them exactly.
 */
export interface OperatorOptions {
  readonly scenario: string;
  readonly scriptFile: string;
  readonly script: string;
  readonly parallelism: number;
  readonly namespace: string;
  readonly targets: string;
  /** Peak VUs of the whole test (the scenario's maxVUs), split over the runners. */
  readonly maxVUs: number;
  readonly runnerCpu?: string | undefined;
  readonly runnerMemory?: string | undefined;
}

/** ConfigMap data must fit in etcd's 1 MiB object limit. */
const configMapLimitBytes = 1024 * 1024 - 4096;

/** A DNS-1123 name (lower-case letters, digits and '-', at most 63 characters). */
export function kubernetesName(text: string, suffix = ''): string {
  const base = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${base.slice(0, 63 - suffix.length)}${suffix}`.replace(/-+$/g, '');
}

/**
 * Memory per runner: k6 keeps each VU's copy of the script's JavaScript runtime; a few MiB per VU
 * for a bundle of this size, plus a base for k6 itself and the JSON output's buffers.
 */
export function runnerMemory(maxVUs: number, parallelism: number, scriptBytes: number): string {
  const vus = Math.ceil(maxVUs / parallelism);
  const perVuMiB = 2 + Math.ceil((scriptBytes * 8) / (1024 * 1024));
  return `${Math.max(512, 256 + vus * perVuMiB)}Mi`;
}

export interface OperatorManifests {
  readonly configMap: Record<string, unknown>;
  readonly resultsClaim: Record<string, unknown>;
  readonly testRun: Record<string, unknown>;
}

export function operatorManifests(options: OperatorOptions): OperatorManifests {
  const bytes = Buffer.byteLength(options.script);
  if (bytes > configMapLimitBytes) {
    throw new StampedeError(
      'STAMPEDE_K6_UNSUPPORTED',
      `the script is ${Math.round(bytes / 1024)} KiB: a ConfigMap holds at most 1 MiB, so k6-operator cannot mount it`,
      { hint: 'serve it from a volume claim instead (spec.script.volumeClaim), or trim what the scenario imports' },
    );
  }
  const name = kubernetesName(options.scenario);
  const scriptMap = kubernetesName(options.scenario, '-script');
  const claim = kubernetesName(options.scenario, '-results');
  const labels = { 'app.kubernetes.io/managed-by': 'stampede', 'stampede/scenario': name };
  const memory = options.runnerMemory ?? runnerMemory(options.maxVUs, options.parallelism, bytes);
  const cpu = options.runnerCpu ?? '1';
  const configMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: scriptMap, namespace: options.namespace, labels },
    data: { [options.scriptFile]: options.script },
  };
  const resultsClaim = {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: claim, namespace: options.namespace, labels },
    // Every runner pod mounts it at once, possibly on different nodes.
    spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '10Gi' } } },
  };
  const testRun = {
    apiVersion: 'k6.io/v1alpha1',
    kind: 'TestRun',
    metadata: { name, namespace: options.namespace, labels },
    spec: {
      parallelism: options.parallelism,
      separate: false,
      script: { configMap: { name: scriptMap, file: options.scriptFile } },
      arguments: `--out json=/results/$(POD_NAME).json.gz --tag stampede_scenario=${name}`,
      runner: {
        env: [
          { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'STAMPEDE_TARGETS', value: options.targets },
        ],
        resources: { requests: { cpu, memory }, limits: { cpu, memory } },
        volumes: [{ name: 'results', persistentVolumeClaim: { claimName: claim } }],
        volumeMounts: [{ name: 'results', mountPath: '/results' }],
      },
    },
  };
  return { configMap, resultsClaim, testRun };
}

/** The three objects as one multi-document YAML file for `kubectl apply -f`. */
export async function manifestsYaml(manifests: OperatorManifests): Promise<string> {
  const { stringify } = await import('yaml');
  return [manifests.configMap, manifests.resultsClaim, manifests.testRun]
    .map((doc) => stringify(doc, { lineWidth: 0, blockQuote: 'literal' }))
    .join('---\n');
}
