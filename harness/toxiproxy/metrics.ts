import type { ByteCounters } from './link.js';
import type { Direction } from './toxic-collection.js';

interface Series {
  readonly labels: string;
  readonly counters: ByteCounters;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/**
 * Byte counters per proxy and direction, served at /metrics in Prometheus text with the real
 * server's names and labels. Counted as data flows (the real server adds a link's bytes when the
 * link closes), so a scrape during a long connection already shows its traffic.
 */
export class ProxyMetrics {
  private readonly series = new Map<string, Series>();

  counters(direction: Direction, proxy: string, listener: string, upstream: string): ByteCounters {
    const labels = `direction="${escapeLabel(direction)}",listener="${escapeLabel(listener)}",proxy="${escapeLabel(proxy)}",upstream="${escapeLabel(upstream)}"`;
    let series = this.series.get(labels);
    if (series === undefined) {
      series = { labels, counters: { received: 0, sent: 0 } };
      this.series.set(labels, series);
    }
    return series.counters;
  }

  render(): string {
    const all = [...this.series.values()].sort((a, b) => (a.labels < b.labels ? -1 : a.labels > b.labels ? 1 : 0));
    const lines: string[] = [];
    const family = (name: string, help: string, pick: (c: ByteCounters) => number) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
      for (const s of all) lines.push(`${name}{${s.labels}} ${pick(s.counters)}`);
    };
    family('toxiproxy_proxy_received_bytes_total', 'Bytes the proxy read from its source, per direction.', (c) => c.received);
    family('toxiproxy_proxy_sent_bytes_total', 'Bytes the proxy wrote to its destination, per direction.', (c) => c.sent);
    return `${lines.join('\n')}\n`;
  }
}
