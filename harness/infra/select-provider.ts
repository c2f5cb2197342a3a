import { dockerEngineAnswers, dockerProvider } from './docker/docker-provider.js';
import { externalProvider } from './external/external-provider.js';
import { nativeProvider } from './native/native-provider.js';
import type { InfraProvider } from './provider.js';
import type { ProviderChoice, ProviderName } from './stack-types.js';
import { StateStore } from './state-store.js';

const providers: Record<ProviderName, InfraProvider> = { native: nativeProvider, docker: dockerProvider, external: externalProvider };

/**
 * `auto` picks docker when a Docker engine answers, native otherwise. For `down` and `status` a
 * recorded stack wins: they act on whatever provider started it.
 */
export async function selectProvider(
  choice: ProviderChoice,
  stateDir: string,
  env: Readonly<Record<string, string | undefined>>,
  forExisting: boolean,
): Promise<InfraProvider> {
  if (choice !== 'auto') return providers[choice];
  if (forExisting) {
    const recorded = new StateStore(stateDir).read()?.provider;
    if (recorded) return providers[recorded];
  }
  return (await dockerEngineAnswers(env)) ? dockerProvider : nativeProvider;
}
