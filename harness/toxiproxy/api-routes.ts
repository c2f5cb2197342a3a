import type { FastifyInstance } from 'fastify';
import { apiErrors } from './api-error.js';
import { decodeBody, FieldReader } from './go-json.js';
import { type ProxyCollection, readProxyInput } from './proxy-collection.js';
import type { Responder } from './responder.js';
import { toxicJson } from './toxic-collection.js';

interface ProxyParams {
  proxy: string;
}
interface ToxicParams extends ProxyParams {
  toxic: string;
}

/** The endpoints of the contract, each answering the real server's status codes and shapes. */
export function registerRoutes(app: FastifyInstance, proxies: ProxyCollection, respond: Responder): void {
  app.get('/proxies', (_request, reply) =>
    respond.handle(reply, () => {
      // Go marshals a map with its keys sorted.
      const all = proxies.all().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      return respond.json(reply, 200, Object.fromEntries(all.map((p) => [p.name, p.toJSON()])));
    }),
  );

  app.post('/proxies', (request, reply) =>
    respond.handle(reply, async () => {
      const proxy = await proxies.create(readProxyInput(decodeBody(request.body)));
      return respond.json(reply, 201, proxy.toJSON());
    }),
  );

  app.post('/populate', (request, reply) =>
    respond.handle(reply, async () => {
      const result = await proxies.populate(request.body);
      const list = result.proxies?.map((p) => p.toJSON()) ?? null;
      if (result.error) return respond.json(reply, result.error.status, { ...result.error.toJSON(), proxies: list });
      return respond.json(reply, 201, { proxies: list });
    }),
  );

  app.post('/reset', (_request, reply) =>
    respond.handle(reply, async () => {
      await proxies.reset();
      return reply.code(204).send();
    }),
  );

  app.get<{ Params: ProxyParams }>('/proxies/:proxy', (request, reply) =>
    respond.handle(reply, () => respond.json(reply, 200, proxies.get(request.params.proxy).toJSON())),
  );

  // PATCH, and POST which the real server still serves (deprecated) and the npm client sends.
  app.route<{ Params: ProxyParams }>({
    method: ['PATCH', 'POST'],
    url: '/proxies/:proxy',
    handler: (request, reply) =>
      respond.handle(reply, async () => {
        const proxy = proxies.get(request.params.proxy);
        const reader = FieldReader.of(decodeBody(request.body), 'toxiproxy.Proxy', 'Proxy');
        await proxy.update({
          listen: reader.string('listen') ?? proxy.listen,
          upstream: reader.string('upstream') ?? proxy.upstream,
          enabled: reader.bool('enabled') ?? proxy.enabled,
        });
        return respond.json(reply, 200, proxy.toJSON());
      }),
  });

  app.delete<{ Params: ProxyParams }>('/proxies/:proxy', (request, reply) =>
    respond.handle(reply, () => {
      proxies.remove(request.params.proxy);
      return reply.code(204).send();
    }),
  );

  app.get<{ Params: ProxyParams }>('/proxies/:proxy/toxics', (request, reply) =>
    respond.handle(reply, () => respond.json(reply, 200, proxies.get(request.params.proxy).toxics.list().map(toxicJson))),
  );

  // 200, not 201: the real server answers a created toxic with 200.
  app.post<{ Params: ProxyParams }>('/proxies/:proxy/toxics', (request, reply) =>
    respond.handle(reply, () => respond.json(reply, 200, toxicJson(proxies.get(request.params.proxy).toxics.add(request.body)))),
  );

  app.get<{ Params: ToxicParams }>('/proxies/:proxy/toxics/:toxic', (request, reply) =>
    respond.handle(reply, () => {
      const toxic = proxies.get(request.params.proxy).toxics.find(request.params.toxic);
      if (toxic === undefined) throw apiErrors.toxicNotFound;
      return respond.json(reply, 200, toxicJson(toxic));
    }),
  );

  app.route<{ Params: ToxicParams }>({
    method: ['PATCH', 'POST'],
    url: '/proxies/:proxy/toxics/:toxic',
    handler: (request, reply) =>
      respond.handle(reply, () => {
        const toxics = proxies.get(request.params.proxy).toxics;
        return respond.json(reply, 200, toxicJson(toxics.update(request.params.toxic, request.body)));
      }),
  });

  app.delete<{ Params: ToxicParams }>('/proxies/:proxy/toxics/:toxic', (request, reply) =>
    respond.handle(reply, () => {
      proxies.get(request.params.proxy).toxics.remove(request.params.toxic);
      return reply.code(204).send();
    }),
  );
}
