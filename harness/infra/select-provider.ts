import { dockerEngineVersion, dockerProvider } from './docker/docker-provider.js';
import { externalProvider } from './external/external-provider.js';
import { requireBinary } from './native/binaries.js';
import { nativeProvider } from './native/native-provider.js';
import { locateToxiproxy } from './native/toxiproxy-component.js';
import type { InfraProvider } from './provider.js';
import type { ProviderChoice, ProviderName } from './stack-types.js';
import { StateStore } from './state-store.js';

const providers: Record<ProviderName, InfraProvider> = { native: nativeProvider, docker: dockerProvider, external: externalProvider };

/** Which provider runs the stack, and why (printed as an info line and given in --json). */
export interface ProviderSelection {
  readonly provider: InfraProvider;
  readonly choice: ProviderChoice;
  readonly reason: string;
}

/** The binaries the native provider spawns; Toxiproxy always has the built-in server to fall back on. */
const nativeBinaries = ['postgres', 'initdb', 'pgbouncer', 'redis-server'] as const;

/** What the native provider would run here: every binary found, or the ones missing. */
export function nativeReadiness(env: Readonly<Record<string, string | undefined>>): { missing: string[]; toxiproxy: string } {
  const missing = nativeBinaries.filter((name) => {
    try {
      requireBinary(name, env);
      return false;
    } catch {
      return true;
    }
  });
  const toxiproxy = locateToxiproxy(env);
  return { missing, toxiproxy: 'implementation' in toxiproxy ? toxiproxy.implementation : 'unavailable' };
}

/**
 * `auto` is native whenever the native binaries are installed (the embedded default: no daemon,
 * nothing to pull), docker only when they are not and a Docker engine answers, else native again
 * (whose error names the packages to install). For `down` and `status` a recorded stack wins:
 * they act on whatever provider started it.
 */
export async function selectProvider(
  choice: ProviderChoice,
  stateDir: string,
  env: Readonly<Record<string, string | undefined>>,
  forExisting: boolean,
): Promise<ProviderSelection> {
  if (choice !== 'auto') return { provider: providers[choice], choice, reason: `asked for (--provider ${choice})` };
  if (forExisting) {
    const store = new StateStore(stateDir);
    const recorded = store.read()?.provider;
    if (recorded) return { provider: providers[recorded], choice, reason: `auto: the stack recorded in ${store.file} is ${recorded}` };
  }
  const native = nativeReadiness(env);
  if (native.missing.length === 0) {
    return {
      provider: nativeProvider,
      choice,
      reason: `auto: the native binaries are installed (${nativeBinaries.join(', ')}; Toxiproxy: ${native.toxiproxy})`,
    };
  }
  const missing = `${native.missing.join(', ')} not installed`;
  const docker = await dockerEngineVersion(env);
  if (docker) return { provider: dockerProvider, choice, reason: `auto: ${missing}, and a Docker engine answers (${docker})` };
  return { provider: nativeProvider, choice, reason: `auto: ${missing}, and no Docker engine answers` };
}

/** The info line every command that starts or reads a stack prints. */
export function selectionLine(selection: ProviderSelection): string {
  return `provider: ${selection.provider.name} (${selection.reason})`;
}

/** The --json form of a selection. */
export function selectionJson(selection: ProviderSelection): { name: ProviderName; choice: ProviderChoice; reason: string } {
  return { name: selection.provider.name, choice: selection.choice, reason: selection.reason };
}
