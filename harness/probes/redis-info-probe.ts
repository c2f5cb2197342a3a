import { withDeltas } from './counter-deltas.js';
import type { Probe, ProbeValues } from './probe.js';
import { RespConnection } from './resp-connection.js';

export interface RedisInfoProbeOptions {
  /** Redis itself (`redis://127.0.0.1:56379`), not its Toxiproxy listener. */
  readonly url: string;
  /** Series prefix; default `redis`. */
  readonly name?: string;
  readonly connectTimeoutMs?: number;
}

/** `INFO` text to field -> value (`# Section` headers and blank lines skipped). */
export function parseInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return fields;
}

/** Series key -> INFO field. */
const fields = {
  connected_clients: 'connected_clients',
  blocked_clients: 'blocked_clients',
  used_memory_bytes: 'used_memory',
  instantaneous_ops_per_sec: 'instantaneous_ops_per_sec',
  rejected_connections: 'rejected_connections',
  total_commands_processed: 'total_commands_processed',
  evicted_keys: 'evicted_keys',
} as const;

const counters = ['rejected_connections', 'total_commands_processed', 'evicted_keys'] as const;

/** The probe's values from parsed INFO fields; a field the server does not report is null. */
export function infoValues(info: ReadonlyMap<string, string>): ProbeValues {
  const values: ProbeValues = {};
  for (const [key, field] of Object.entries(fields)) {
    const raw = info.get(field);
    const value = raw === undefined ? Number.NaN : Number(raw);
    values[key] = Number.isFinite(value) ? value : null;
  }
  return values;
}

/**
 * Redis `INFO` (default sections: clients, memory, stats among them) over one raw-RESP
 * connection: `connected_clients` (the probe's own connection included), `blocked_clients`,
 * `used_memory_bytes`, `instantaneous_ops_per_sec`, and the counters `rejected_connections`,
 * `total_commands_processed`, `evicted_keys` with their `_delta` series. When Redis is paused or
 * killed the sample fails (nulls); see RespConnection for why that never becomes a reconnect loop.
 */
export function createRedisInfoProbe(options: RedisInfoProbeOptions): Probe {
  const connection = new RespConnection({ url: options.url, connectTimeoutMs: options.connectTimeoutMs });
  let last: ReadonlyMap<string, number> = new Map();
  return {
    name: options.name ?? 'redis',
    async sample(signal) {
      const reply = await connection.command(['INFO'], signal);
      if (typeof reply !== 'string') throw new Error('INFO did not answer a bulk string');
      const step = withDeltas(infoValues(parseInfo(reply)), counters, last);
      if (!signal.aborted) last = step.last;
      return step.values;
    },
    close: () => connection.close(),
  };
}
