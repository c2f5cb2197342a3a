import { renderPgbouncerIni } from '../../settings/pgbouncer-ini.js';
import { containerPorts } from '../../settings/stack-settings.js';

/** The pgbouncer.ini that docker-compose.yml mounts, rendered from the same settings. */
export function renderDockerPgbouncerIni(): string {
  return renderPgbouncerIni({
    listenAddr: '0.0.0.0',
    listenPort: containerPorts.pgbouncer,
    postgresHost: 'postgres',
    postgresPort: containerPorts.postgres,
    authFile: '/etc/pgbouncer/userlist.txt',
  });
}
