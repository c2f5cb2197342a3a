import { readFile } from 'node:fs/promises';
import { StampedeError } from '../errors/stampede-error.js';
import type { ApiError } from './api-error.js';
import type { ProxyCollection } from './proxy-collection.js';

/**
 * `--config proxies.json`: a JSON array of proxies, applied as POST /populate before the API
 * listens. Unlike the real server (which logs and carries on), a bad file stops the start: a
 * harness that silently runs without its proxies would inject nothing and report a clean run.
 */
export async function applyConfigFile(path: string, proxies: ProxyCollection): Promise<number> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new StampedeError('STAMPEDE_TOXIPROXY_BAD_CONFIG', `cannot read the proxies file ${path}: ${(err as Error).message}`, {
      hint: 'pass --config the path of a JSON array of {"name","listen","upstream"}',
      cause: err,
      details: { path },
    });
  }
  const result = await proxies.populate(text);
  if (result.error) throw configError(path, result.error);
  return result.proxies?.length ?? 0;
}

function configError(path: string, error: ApiError): StampedeError {
  const details = { path, status: error.status, error: error.message };
  if (error.message.includes('is not a loopback address')) {
    return new StampedeError('STAMPEDE_TOXIPROXY_REMOTE_LISTEN', `${path}: ${error.message}`, {
      hint: 'listen on 127.0.0.1, or pass --allow-remote-listen if the proxy must be reachable from other machines',
      details,
    });
  }
  if (error.message.endsWith('address already in use')) {
    return new StampedeError('STAMPEDE_INFRA_PORT_TAKEN', `${path}: ${error.message}`, {
      hint: 'free that port or give the proxy another listen port (port 0 picks a free one)',
      details,
    });
  }
  return new StampedeError('STAMPEDE_TOXIPROXY_BAD_CONFIG', `${path}: ${error.message}`, {
    hint: 'the file must be a JSON array of {"name","listen","upstream"[,"enabled"]}, as POST /populate takes',
    details,
  });
}
