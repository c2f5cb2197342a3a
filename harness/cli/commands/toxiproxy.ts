import { ExitCode } from '../../errors/exit-codes.js';
import { startToxiproxyServer } from '../../toxiproxy/index.js';
import { defineCommand } from '../command.js';

function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

const serve = defineCommand({
  path: ['toxiproxy', 'serve'],
  summary: 'serve a Toxiproxy 2.x compatible fault proxy (HTTP API and TCP proxies) until Ctrl-C',
  options: {
    host: { type: 'string', default: '127.0.0.1', placeholder: 'ADDR', description: 'address of the HTTP API' },
    port: {
      type: 'number',
      integer: true,
      min: 0,
      max: 65535,
      default: 8474,
      placeholder: 'N',
      description: 'port of the HTTP API; 0 picks a free one',
    },
    config: { type: 'string', placeholder: 'FILE', description: 'JSON array of proxies to create at start, as POST /populate takes' },
    seed: {
      type: 'number',
      integer: true,
      min: 0,
      max: 4_294_967_295,
      placeholder: 'N',
      description: 'seed of toxicity rolls, jitter and slice sizes (random when absent; printed either way)',
    },
    metrics: { type: 'boolean', description: 'serve /metrics in Prometheus text (bytes per proxy and direction)' },
    'allow-remote-listen': { type: 'boolean', description: 'allow the API and proxies to listen on non-loopback addresses' },
  },
  details: [
    'Prints one ready line once listening (with --json: {"url","port","pid","seed"} on stdout) and',
    'serves until SIGINT or SIGTERM, then closes every listener and connection and exits 0.',
    'Drive it with toxiproxy-node-client or any Toxiproxy 2.x client, e.g.:',
    '  curl -X POST 127.0.0.1:8474/proxies -d \'{"name":"pg","listen":"127.0.0.1:25432","upstream":"127.0.0.1:5432"}\'',
    'Same --seed, same order of connections and toxic changes per proxy => same toxicity rolls.',
  ],
  async run(ctx) {
    const { host, port, config, seed, metrics, allowRemoteListen } = ctx.options;
    const server = await startToxiproxyServer({ host, port, config, seed, metrics, allowRemoteListen });
    const ready = { url: server.url, port: server.port, pid: process.pid, seed: server.seed };
    ctx.out.result(ready, () => `toxiproxy listening on ${server.url} (pid ${ready.pid}, seed ${ready.seed})`);
    await untilAborted(ctx.signal);
    await server.close();
    return ExitCode.ok;
  },
});

/** `stampede toxiproxy ...` commands. */
export const toxiproxyCommands = [serve];
