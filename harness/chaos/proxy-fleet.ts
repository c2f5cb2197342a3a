import { Toxiproxy } from 'toxiproxy-node-client';
import { type ProxyAddressing, portOf, proxyAddressing } from '../infra/proxy-addresses.js';
import type { ToxicSpec } from '../scenario/scenario-types.js';
import type { FaultProxies } from './chaos-effects.js';

export interface ProxyPlan {
  readonly name: string;
  /** host:port the proxy forwards to. */
  readonly upstream: string;
}

export interface ProxyHandle {
  readonly name: string;
  /** Where Toxiproxy says the proxy listens (inside its container, with docker). */
  readonly listen: string;
  /** host:port services on this host connect to instead of the upstream. */
  readonly address: string;
  /** The port of `address`. */
  readonly port: number;
}

/**
 * The runner's side of Toxiproxy: one proxy per hop the services use, created through the same
 * client users have (`toxiproxy-node-client`), so it works against ours and the real server.
 */
export class ProxyFleet implements FaultProxies {
  private readonly client: Toxiproxy;
  readonly proxies = new Map<string, ProxyHandle>();

  constructor(
    readonly apiUrl: string,
    readonly addressing: ProxyAddressing = proxyAddressing('native'),
  ) {
    this.client = new Toxiproxy(apiUrl);
  }

  /**
   * (Re)creates each proxy where the provider's addressing says (a free loopback port, or the next
   * free port of docker's published range); a proxy left by an earlier run is replaced.
   */
  async create(plans: readonly ProxyPlan[]): Promise<void> {
    const existing = await this.client.getAll();
    for (const plan of plans) {
      const name = `stampede-${plan.name}`;
      const left = existing[name];
      if (left) {
        await left.remove();
        delete existing[name];
      }
    }
    const taken = Object.values(existing).map((p) => p.listen);
    for (const plan of plans) {
      const name = `stampede-${plan.name}`;
      const listen = this.addressing.listen(taken);
      const proxy = await this.client.createProxy({ name, listen, upstream: plan.upstream, enabled: true });
      taken.push(proxy.listen);
      const address = this.addressing.serviceAddress(proxy.listen);
      this.proxies.set(plan.name, { name, listen: proxy.listen, address, port: portOf(address) });
    }
  }

  handle(name: string): ProxyHandle {
    const handle = this.proxies.get(name);
    if (!handle) throw new Error(`no proxy named ${name}`);
    return handle;
  }

  async addToxic(proxyName: string, toxic: ToxicSpec, toxicName: string): Promise<void> {
    await this.call('POST', `/proxies/${this.handle(proxyName).name}/toxics`, {
      name: toxicName,
      type: toxic.type,
      stream: toxic.stream ?? 'downstream',
      toxicity: toxic.toxicity ?? 1,
      attributes: toxic.attributes,
    });
  }

  async removeToxic(proxyName: string, toxicName: string): Promise<void> {
    await this.call('DELETE', `/proxies/${this.handle(proxyName).name}/toxics/${encodeURIComponent(toxicName)}`);
  }

  async setEnabled(proxyName: string, enabled: boolean): Promise<void> {
    await this.call('PATCH', `/proxies/${this.handle(proxyName).name}`, { enabled });
  }

  /**
   * Faults go over plain HTTP rather than the npm client, whose errors keep only the status: a
   * failed fault must say what the API answered ("409 toxic already exists").
   */
  private async call(method: string, path: string, body?: unknown): Promise<void> {
    const response = await fetch(new URL(path, this.apiUrl), {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(5000),
    });
    if (response.ok) return;
    const text = (await response.text()).trim();
    let message = text;
    try {
      message = (JSON.parse(text) as { error?: string }).error ?? text;
    } catch {
      // not JSON: keep the text as it came
    }
    throw new Error(`Toxiproxy answered ${response.status} to ${method} ${path}: ${message.slice(0, 200)}`);
  }

  /** Removes every toxic and re-enables every proxy (between variants and at the end). */
  async reset(): Promise<void> {
    await this.client.reset();
  }

  async removeAll(): Promise<void> {
    for (const handle of this.proxies.values()) {
      const proxy = await this.client.get(handle.name).catch(() => undefined);
      await proxy?.remove();
    }
    this.proxies.clear();
  }
}
