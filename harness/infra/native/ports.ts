import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { StampedeError } from '../../errors/stampede-error.js';

/** Resolves true when nothing listens on host:port (we could bind it ourselves). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

export interface PortHolder {
  readonly pid: number;
  readonly command: string;
}

/** Socket inodes listening on `port` (any address), read from /proc/net/tcp{,6}. */
function listeningInodes(port: number): Set<string> {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // cols[1] is local "ADDR:PORT", cols[3] the state (0A = LISTEN), cols[9] the inode
      if (cols[3] === '0A' && cols[1]?.endsWith(`:${hexPort}`) && cols[9]) inodes.add(cols[9]);
    }
  }
  return inodes;
}

/** Finds which process listens on a port, when /proc lets us see it (best effort). */
export function findPortHolder(port: number): PortHolder | undefined {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return undefined;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const target = readlinkSync(`/proc/${entry}/fd/${fd}`);
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        if (inode && inodes.has(inode)) {
          const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
          return { pid: Number(entry), command };
        }
      } catch {
        // fd closed while we looked
      }
    }
  }
  return undefined;
}

/** Throws STAMPEDE_INFRA_PORT_TAKEN naming the port, the component and, if known, the holder. */
export async function assertPortFree(port: number, component: string, flag: string): Promise<void> {
  if (await isPortFree(port)) return;
  const holder = findPortHolder(port);
  const who = holder ? ` by pid ${holder.pid} (${holder.command.slice(0, 80)})` : '';
  throw new StampedeError('STAMPEDE_INFRA_PORT_TAKEN', `port ${port} for ${component} is already in use${who}`, {
    hint: `stop that process, or pick another port with ${flag} <port>`,
    details: { port, component, ...(holder ? { pid: holder.pid, command: holder.command } : {}) },
  });
}
