import type { ProbeAnswer } from './postgres-health.js';

/** `GET /version`, as the real toxiproxy-server and ours both answer it. */
export async function checkToxiproxy(url: string, timeoutMs = 2000): Promise<ProbeAnswer> {
  try {
    const response = await fetch(new URL('/version', url), { signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    if (!response.ok) return { ok: false, version: null, detail: `GET /version answered ${response.status}` };
    let version = text.trim();
    try {
      version = String((JSON.parse(text) as { version?: string }).version ?? version);
    } catch {
      // toxiproxy before 2.6 answers the bare version text
    }
    return { ok: true, version, detail: null };
  } catch (err) {
    return { ok: false, version: null, detail: err instanceof Error ? err.message : String(err) };
  }
}
