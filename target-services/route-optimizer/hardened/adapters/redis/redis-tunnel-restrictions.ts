import type { Redis } from 'ioredis';
import { tunnelsKey } from '../../../contract/schema.js';
import { ApplicationError } from '../../application/application-error.js';
import type { TunnelRestrictions } from '../../application/ports/tunnel-restrictions.js';

/** Tunnel ids per region from Redis (`region:<region>:tunnels`, a JSON array), one shared client. */
export class RedisTunnelRestrictions implements TunnelRestrictions {
  readonly #redis: Redis;

  constructor(redis: Redis) {
    this.#redis = redis;
  }

  async tunnelsOf(region: string): Promise<readonly string[]> {
    let raw: string | null;
    try {
      raw = await this.#redis.get(tunnelsKey(region));
    } catch (err) {
      throw new ApplicationError('ROUTE_OPTIMIZER_RESTRICTIONS_UNAVAILABLE', `cannot read the tunnel list of ${region}`, { cause: err });
    }
    // No key: the region has no known tunnel. The domain check still refuses any tunnel segment.
    if (raw === null) return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = undefined;
    }
    if (!Array.isArray(parsed) || !parsed.every((id) => typeof id === 'string')) {
      throw new ApplicationError('ROUTE_OPTIMIZER_RESTRICTIONS_UNAVAILABLE', `the tunnel list of ${region} is not an array of ids`);
    }
    return parsed;
  }
}
