import { normalizeListen } from './address.js';
import { type ApiError, apiErrors, isApiError, missingField } from './api-error.js';
import { decodeBody, FieldReader, jsonKind, valueTypeError } from './go-json.js';
import { type ProxyEnvironment, ToxicProxy } from './proxy.js';

export interface ProxyInput {
  readonly name: string;
  readonly listen: string;
  readonly upstream: string;
  readonly enabled: boolean;
}

/** Reads one proxy from a request body: `enabled` defaults to true, name and upstream are required. */
export function readProxyInput(value: unknown, missingSuffix = ''): ProxyInput {
  const reader = FieldReader.of(value, 'toxiproxy.Proxy', 'Proxy');
  const name = reader.string('name') ?? '';
  const upstream = reader.string('upstream') ?? '';
  const listen = reader.string('listen') ?? '';
  const enabled = reader.bool('enabled') ?? true;
  if (name === '') throw missingField(`name${missingSuffix}`);
  if (upstream === '') throw missingField(`upstream${missingSuffix}`);
  return { name, listen, upstream, enabled };
}

export interface PopulateResult {
  /** Proxies created, replaced or left alone, in request order; null when nothing was (Go's nil slice). */
  readonly proxies: ToxicProxy[] | null;
  readonly error?: ApiError;
}

/** Every proxy of the server, by name. Callers serialise calls (the API runs one request at a time). */
export class ProxyCollection {
  private readonly proxies = new Map<string, ToxicProxy>();

  constructor(private readonly env: ProxyEnvironment) {}

  get(name: string): ToxicProxy {
    const proxy = this.proxies.get(name);
    if (proxy === undefined) throw apiErrors.proxyNotFound;
    return proxy;
  }

  all(): ToxicProxy[] {
    return [...this.proxies.values()];
  }

  /** POST /proxies: the proxy is kept only if it starts (when asked to be enabled). */
  async create(input: ProxyInput): Promise<ToxicProxy> {
    if (this.proxies.has(input.name)) throw apiErrors.proxyAlreadyExists;
    const proxy = new ToxicProxy(input.name, input.listen, input.upstream, this.env);
    if (input.enabled) await proxy.start();
    if (this.proxies.has(input.name)) {
      proxy.stop();
      throw apiErrors.proxyAlreadyExists;
    }
    this.proxies.set(input.name, proxy);
    return proxy;
  }

  /**
   * POST /populate, not atomic (as the real server): every entry is checked for missing fields
   * first; then entries apply in order. An entry with the same name, listen and upstream as an
   * existing proxy is left alone (toxics and connections kept); a differing one replaces it (its
   * toxics go). A failure part-way answers the error and keeps the entries applied before it.
   */
  async populate(body: unknown): Promise<PopulateResult> {
    let inputs: ProxyInput[];
    try {
      const value = decodeBody(body);
      if (!Array.isArray(value)) valueTypeError(value, '[]toxiproxy.Proxy');
      inputs = value.map((entry, i) => {
        if (entry !== null && jsonKind(entry) !== 'object') valueTypeError(entry, 'toxiproxy.Proxy');
        return readProxyInput(entry, ` at proxy ${i + 1}`);
      });
    } catch (err) {
      if (isApiError(err)) return { proxies: null, error: err };
      throw err;
    }
    const applied: ToxicProxy[] = [];
    for (const input of inputs) {
      try {
        applied.push(await this.addOrReplace(input));
      } catch (err) {
        if (isApiError(err)) return { proxies: applied.length > 0 ? applied : null, error: err };
        throw err;
      }
    }
    return { proxies: applied.length > 0 ? applied : null };
  }

  remove(name: string): void {
    const proxy = this.get(name);
    proxy.stop();
    this.proxies.delete(name);
  }

  /** POST /reset: every proxy enabled again (a bind failure stops there, as in the real server), toxics removed. */
  async reset(): Promise<void> {
    for (const proxy of this.all()) {
      await proxy.start();
      proxy.toxics.reset();
    }
  }

  /** Stops every proxy and closes every connection (server shutdown). */
  closeAll(): void {
    for (const proxy of this.proxies.values()) proxy.stop();
    this.proxies.clear();
  }

  private async addOrReplace(input: ProxyInput): Promise<ToxicProxy> {
    const existing = this.proxies.get(input.name);
    if (existing !== undefined) {
      if (existing.listen === normalizeListen(input.listen) && existing.upstream === input.upstream) return existing;
      existing.stop();
    }
    const proxy = new ToxicProxy(input.name, input.listen, input.upstream, this.env);
    if (input.enabled) await proxy.start();
    this.proxies.set(input.name, proxy);
    return proxy;
  }
}
