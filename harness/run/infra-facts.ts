import pg from 'pg';
import type { StackEndpoints, StackStatus } from '../infra/stack-types.js';
import type { InfraRecord } from '../record/run-record.js';

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end().catch(() => {});
  }
}

const postgresNames = ['max_connections', 'deadlock_timeout', 'log_lock_waits', 'synchronous_commit', 'shared_buffers', 'server_version'];
const pgbouncerNames = [
  'pool_mode',
  'default_pool_size',
  'max_client_conn',
  'query_wait_timeout',
  'reserve_pool_size',
  'max_db_connections',
];

/** Settings read back from the servers themselves: what was in force, not what we asked for. */
export async function readInfraFacts(provider: string, status: StackStatus, endpoints: StackEndpoints): Promise<InfraRecord> {
  const settings: Record<string, string> = {};
  // current_setting() renders units as people write them (128MB, 1s), unlike pg_settings.setting.
  const pgRows = await query<{ name: string; setting: string }>(
    endpoints.postgresUrl,
    `SELECT name, current_setting(name) AS setting FROM pg_settings WHERE name IN (${postgresNames.map((n) => `'${n}'`).join(',')})`,
  ).catch(() => []);
  for (const row of pgRows) settings[`postgres.${row.name}`] = row.setting;
  const bouncerRows = await query<{ key: string; value: string }>(endpoints.pgbouncerAdminUrl, 'SHOW CONFIG').catch(() => []);
  for (const row of bouncerRows) if (pgbouncerNames.includes(row.key)) settings[`pgbouncer.${row.key}`] = row.value;
  const versions = Object.fromEntries(status.components.map((c) => [c.name, c.version]));
  return { provider, versions, settings };
}
