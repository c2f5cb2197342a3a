import { setMaxListeners } from 'node:events';
import type { FastifyReply } from 'fastify';

/**
 * One signal per request that aborts at the deadline, on shutdown, or when the client goes away,
 * whichever comes first. Combined by hand rather than with AbortSignal.any: the shutdown signal
 * lives as long as the process, and every listener added to it is removed when the response ends.
 */
export function requestSignal(reply: FastifyReply, deadlineMs: number, shutdown: AbortSignal): AbortSignal {
  const controller = new AbortController();
  // Every map call in flight and every caller queued for a map slot listens to this one signal.
  setMaxListeners(1_000, controller.signal);
  const onShutdown = () => controller.abort(shutdown.reason);
  const timer = setTimeout(() => controller.abort(new DOMException(`the ${deadlineMs} ms deadline passed`, 'TimeoutError')), deadlineMs);
  shutdown.addEventListener('abort', onShutdown, { once: true });
  if (shutdown.aborted) onShutdown();
  reply.raw.once('close', () => {
    clearTimeout(timer);
    shutdown.removeEventListener('abort', onShutdown);
    if (!reply.raw.writableEnded) controller.abort(new Error('the client closed the connection'));
  });
  return controller.signal;
}
