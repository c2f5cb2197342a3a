/** Which tunnels a region has, for keeping hazmat trucks out of them. */
export interface TunnelRestrictions {
  /** Rejects with an ApplicationError when the list cannot be read (the caller fails closed). */
  tunnelsOf(region: string): Promise<readonly string[]>;
}
