import { Toxiproxy } from 'toxiproxy-node-client';
import type { ToxicSpec } from '../scenario/scenario-types.js';

export interface ProxyPlan {
  readonly name: string;
  /** host:port the proxy forwards to. */
  readonly upstream: string;
}

export interface ProxyHandle {
  readonly name: string;
  /** host:port services connect to instead of the upstream. */
  readonly listen: string;
  readonly port: number;
}

/**
 * The runner's side of Toxiproxy: one proxy per hop the services use, created through the same
 * client users have (`toxiproxy-node-client`), so it works against ours and the real server.
 */
export class ProxyFleet {
  private readonly client: Toxiproxy;
  readonly proxies = new Map<string, ProxyHandle>();

  constructor(readonly apiUrl: string) {
    this.client = new Toxiproxy(apiUrl);
  }

  /** (Re)creates each proxy on a free loopback port; a proxy left by an earlier run is replaced. */
  async create(plans: readonly ProxyPlan[]): Promise<void> {
    const existing = await this.client.getAll();
    for (const plan of plans) {
      const name = `stampede-${plan.name}`;
      if (existing[name]) await existing[name].remove();
      const proxy = await this.client.createProxy({ name, listen: '127.0.0.1:0', upstream: plan.upstream, enabled: true });
      const port = Number(proxy.listen.split(':').pop());
      this.proxies.set(plan.name, { name, listen: proxy.listen, port });
    }
  }

  handle(name: string): ProxyHandle {
    const handle = this.proxies.get(name);
    if (!handle) throw new Error(`no proxy named ${name}`);
    return handle;
  }

  async addToxic(proxyName: string, toxic: ToxicSpec, toxicName: string): Promise<void> {
    const proxy = await this.client.get(this.handle(proxyName).name);
    await proxy.addToxic({
      name: toxicName,
      type: toxic.type,
      stream: toxic.stream ?? 'downstream',
      toxicity: toxic.toxicity ?? 1,
      attributes: toxic.attributes,
    } as never);
  }

  async removeToxic(proxyName: string, toxicName: string): Promise<void> {
    const proxy = await this.client.get(this.handle(proxyName).name);
    const toxic = await proxy.getToxic(toxicName);
    await toxic.remove();
  }

  async setEnabled(proxyName: string, enabled: boolean): Promise<void> {
    const proxy = await this.client.get(this.handle(proxyName).name);
    await proxy.update({ enabled, listen: proxy.listen, upstream: proxy.upstream } as never);
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
