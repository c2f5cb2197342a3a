import { type Agent, get } from 'node:http';

export interface ScrapeOptions {
  /** A keep-alive agent owned by the probe, so that each scrape reuses its connection. */
  readonly agent: Agent;
  readonly signal: AbortSignal;
  /** A body larger than this is refused (default 4 MiB): a runaway exposition must not eat memory. */
  readonly maxBytes?: number;
}

/** GET `url` and resolve with the body as text; rejects on a non-200 status, a too-large body or abort. */
export function scrapeText(url: URL, options: ScrapeOptions): Promise<string> {
  const maxBytes = options.maxBytes ?? 4 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    const request = get(
      url,
      { agent: options.agent, signal: options.signal, headers: { accept: 'text/plain;version=0.0.4' } },
      (response) => {
        if (response.statusCode !== 200) {
          response.resume();
          reject(new Error(`GET ${url.pathname} answered ${response.statusCode}`));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            request.destroy(new Error(`GET ${url.pathname} body exceeds ${maxBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
  });
}
