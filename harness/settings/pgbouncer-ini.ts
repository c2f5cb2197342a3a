import { credentials, pgbouncerSettings } from './stack-settings.js';

export interface PgbouncerIniOptions {
  readonly listenAddr: string;
  readonly listenPort: number;
  readonly postgresHost: string;
  readonly postgresPort: number;
  readonly authFile: string;
}

/**
 * Renders pgbouncer.ini from the settings module. The native provider writes it into the state
 * dir; the docker provider mounts infra/docker/pgbouncer.ini, which a test compares with this.
 */
export function renderPgbouncerIni(options: PgbouncerIniOptions): string {
  const lines = [
    '; Rendered from harness/settings/stack-settings.ts: edit the settings there, not here.',
    '[databases]',
    `${credentials.database} = host=${options.postgresHost} port=${options.postgresPort} dbname=${credentials.database}`,
    '',
    '[pgbouncer]',
    `listen_addr = ${options.listenAddr}`,
    `listen_port = ${options.listenPort}`,
    'unix_socket_dir =',
    `auth_file = ${options.authFile}`,
    ...Object.entries(pgbouncerSettings).map(([name, value]) => `${name} = ${value}`),
    '',
  ];
  return lines.join('\n');
}

/** userlist.txt: PgBouncer needs the clear password to answer SCRAM and to log in upstream. */
export function renderUserlist(): string {
  return `"${credentials.user}" "${credentials.password}"\n`;
}
