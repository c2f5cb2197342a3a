import pg from 'pg';

export interface ProbeAnswer {
  readonly ok: boolean;
  readonly version: string | null;
  readonly detail: string | null;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** `SELECT 1` (and the server version) over a fresh connection; never throws. */
export async function checkPostgres(url: string, timeoutMs = 2000): Promise<ProbeAnswer> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  client.on('error', () => {});
  try {
    await client.connect();
    const result = await client.query<{ one: number; version: string }>('SELECT 1 AS one, current_setting($1) AS version', [
      'server_version',
    ]);
    const row = result.rows[0];
    return { ok: row?.one === 1, version: row?.version.split(' ')[0] ?? null, detail: null };
  } catch (err) {
    return { ok: false, version: null, detail: message(err) };
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * PgBouncer health: `SELECT 1` through the pooler (so PostgreSQL behind it answers too), and
 * `SHOW VERSION` on its admin console (simple-query protocol only, which pg uses without params).
 */
export async function checkPgbouncer(url: string, adminUrl: string, timeoutMs = 2000): Promise<ProbeAnswer> {
  const through = await checkPostgres(url, timeoutMs);
  if (!through.ok) return { ok: false, version: null, detail: through.detail };
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: timeoutMs });
  admin.on('error', () => {});
  try {
    await admin.connect();
    const result = await admin.query<{ version: string }>('SHOW VERSION');
    const text = result.rows[0]?.version ?? '';
    return { ok: true, version: /PgBouncer\s+(\S+)/.exec(text)?.[1] ?? (text || null), detail: null };
  } catch (err) {
    return { ok: false, version: null, detail: `admin console: ${message(err)}` };
  } finally {
    await admin.end().catch(() => {});
  }
}
