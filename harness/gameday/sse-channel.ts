import type { ServerResponse } from 'node:http';

/**
 * One Server-Sent Events stream shared by every browser of a view: each event is serialised once
 * and written to all, so a browser costs one socket write a second. Events are kept (a game is
 * minutes long: hundreds of small events), so a browser that reconnects with Last-Event-ID gets
 * the seconds it missed, and a new one the whole game so far.
 */
export class SseChannel {
  readonly #events: { id: number; text: string }[] = [];
  readonly #clients = new Set<ServerResponse>();
  peak = 0;

  get size(): number {
    return this.#clients.size;
  }

  publish(id: number, event: string, data: unknown): void {
    const text = `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    this.#events.push({ id, text });
    for (const client of this.#clients) client.write(text);
  }

  attach(res: ServerResponse, lastEventId: string | undefined): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    const after = lastEventId !== undefined && /^-?\d+$/.test(lastEventId) ? Number(lastEventId) : Number.NEGATIVE_INFINITY;
    // A reconnecting browser asks again after 1 s, not EventSource's default 3 s.
    const missed = this.#events.filter((e) => e.id > after).map((e) => e.text);
    res.write(`retry: 1000\n\n${missed.join('')}`);
    this.#clients.add(res);
    this.peak = Math.max(this.peak, this.#clients.size);
    res.on('close', () => this.#clients.delete(res));
  }

  close(): void {
    for (const client of this.#clients) client.end();
    this.#clients.clear();
  }
}
