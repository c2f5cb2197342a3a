import { connect } from 'node:net';
import type { ProbeAnswer } from './postgres-health.js';

/**
 * PING and `INFO server` in the Redis protocol over one short connection. Raw RESP keeps the
 * health check free of client reconnect policies, and it is all a health check needs.
 */
export function checkRedis(url: string, timeoutMs = 2000): Promise<ProbeAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    let buffer = '';
    const socket = connect({ host: hostname, port: Number(port) || 6379 });
    const finish = (answer: ProbeAnswer) => {
      socket.destroy();
      clearTimeout(timer);
      resolve(answer);
    };
    const timer = setTimeout(() => finish({ ok: false, version: null, detail: `no answer in ${timeoutMs} ms` }), timeoutMs);
    socket.setEncoding('utf8');
    socket.once('connect', () => socket.write('PING\r\nINFO server\r\n'));
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      if (!buffer.startsWith('+PONG\r\n')) {
        if (buffer.includes('\r\n')) finish({ ok: false, version: null, detail: buffer.split('\r\n')[0] ?? '' });
        return;
      }
      const version = /redis_version:(\S+)/.exec(buffer)?.[1];
      if (version) finish({ ok: true, version, detail: null });
    });
    socket.once('error', (err) => finish({ ok: false, version: null, detail: err.message }));
    socket.once('close', () => finish({ ok: false, version: null, detail: 'connection closed' }));
  });
}
