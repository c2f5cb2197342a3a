import Fastify, { type FastifyInstance } from 'fastify';
import { toxiproxyVersion } from '../settings/stack-settings.js';
import { badRequestBody, internalError, isApiError } from './api-error.js';
import { registerRoutes } from './api-routes.js';
import { goJson } from './go-json.js';
import type { ProxyMetrics } from './metrics.js';
import type { ProxyCollection } from './proxy-collection.js';
import { nextRequestId } from './request-id.js';
import type { Responder } from './responder.js';
import { SerialQueue } from './serial-queue.js';

export interface ApiDependencies {
  readonly proxies: ProxyCollection;
  /** Null when metrics are off: /metrics then answers 404 like an unknown path. */
  readonly metrics: ProxyMetrics | null;
  readonly version?: string;
}

const plainText = 'text/plain; charset=utf-8';

const responder = (queue: SerialQueue): Responder => ({
  json: (reply, status, value) => reply.code(status).header('content-type', 'application/json').send(goJson(value)),
  // The real server writes error bodies through http.Error: text/plain, nosniff, a trailing newline.
  error: (reply, err) =>
    reply
      .code(err.status)
      .type(plainText)
      .header('x-content-type-options', 'nosniff')
      .send(`${goJson(err)}\n`),
  async handle(reply, task) {
    try {
      return await queue.run(task);
    } catch (err) {
      if (isApiError(err)) return this.error(reply, err);
      return this.error(reply, internalError(err instanceof Error ? err.message : String(err)));
    }
  },
});

/** Paths the API knows, for telling 405 (known path, other method) from 404, as gorilla/mux does. */
const knownPaths = [
  /^\/version$/,
  /^\/reset$/,
  /^\/populate$/,
  /^\/proxies$/,
  /^\/proxies\/[^/]+$/,
  /^\/proxies\/[^/]+\/toxics(\/[^/]+)?$/,
];

/**
 * The Toxiproxy 2.x HTTP API as a Fastify app (listening is the caller's business). Bodies are
 * taken raw and decoded by the handlers, so that malformed JSON gets the real server's
 * `bad request body` answer rather than Fastify's.
 */
export function buildApiApp(deps: ApiDependencies): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 16 * 1024 * 1024, exposeHeadRoutes: false, routerOptions: { maxParamLength: 2048 } });
  const respond = responder(new SerialQueue());

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.addHook('onRequest', async (request, reply) => {
    reply.header('X-Toxiproxy-Request-Id', nextRequestId());
    // Browsers could drive the API cross-site (a page POSTing to localhost:8474): refused.
    const agent = request.headers['user-agent'];
    if (typeof agent === 'string' && agent.startsWith('Mozilla/')) {
      return reply.code(403).type(plainText).header('x-content-type-options', 'nosniff').send('User agent not allowed\n');
    }
    // Every body is JSON whatever the client labels it (the real server ignores Content-Type).
    if (request.headers['content-type'] !== undefined) request.headers['content-type'] = 'application/octet-stream';
    return undefined;
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (knownPaths.some((p) => p.test(path))) return reply.code(405).send();
    return reply.code(404).type(plainText).header('x-content-type-options', 'nosniff').send('404 page not found\n');
  });

  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode ?? 500;
    return respond.error(reply, status < 500 ? badRequestBody(error.message) : internalError(error.message));
  });

  app.get('/version', (_request, reply) =>
    reply.type('application/json;charset=utf-8').send(`{"version": "${deps.version ?? toxiproxyVersion}"}\n`),
  );

  const metrics = deps.metrics;
  if (metrics !== null) {
    app.all('/metrics', (_request, reply) => reply.type('text/plain; version=0.0.4; charset=utf-8').send(metrics.render()));
  }

  registerRoutes(app, deps.proxies, respond);
  return app;
}
