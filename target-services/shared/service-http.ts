import { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
import type { ServiceMetrics } from './service-metrics.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/**
 * Fastify options every target service shares: logs on stderr (stdout carries only the
 * `listening` line the harness reads), no per-request log lines (the harness shares the machine's
 * cores with the service, and a log line per request would be the bottleneck under load).
 */
export function serviceServerOptions(logLevel: LogLevel = 'warn'): FastifyServerOptions {
  return {
    logger: logLevel === 'silent' ? false : { level: logLevel, stream: process.stderr },
    logController: new LogController({ disableRequestLogging: true }),
  };
}

/**
 * Adds the routes and hooks every service has: `GET /healthz` (answers from memory, checks
 * nothing heavy), `GET /metrics` (Prometheus text), and request counting for both.
 */
export function instrumentService(app: FastifyInstance, metrics: ServiceMetrics): void {
  app.addHook('onRequest', async (request, reply) => {
    metrics.httpInFlight.inc();
    // 'close' fires once per response whether it finished or the client went away, which the
    // onResponse hook alone would miss (an aborted request would stay "in flight" forever).
    reply.raw.once('close', () => {
      metrics.httpInFlight.dec();
      const route = request.routeOptions.url ?? 'unmatched';
      // writableEnded: the whole response was handed over (inject() never sets writableFinished).
      const status = reply.raw.writableEnded ? String(reply.raw.statusCode) : 'aborted';
      metrics.httpRequests.inc({ route, status });
    });
  });

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', 'text/plain; version=0.0.4; charset=utf-8');
    return metrics.render();
  });
}
