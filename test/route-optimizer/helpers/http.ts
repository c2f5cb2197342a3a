/** JSON over real HTTP, bounded: a hung service fails the test instead of stalling it. */
export async function postJson<T = unknown>(
  url: string,
  body: unknown,
  timeoutMs = 10_000,
): Promise<{ status: number; headers: Headers; body: T }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as T };
}

export async function getText(url: string, timeoutMs = 5_000): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** The value of one series in Prometheus text (`name{labels} value`), or undefined. */
export function metricValue(text: string, series: string): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  }
  return undefined;
}
