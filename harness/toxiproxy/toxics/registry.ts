import { bandwidthToxic } from './bandwidth.js';
import { latencyToxic } from './latency.js';
import { limitDataToxic } from './limit-data.js';
import { resetPeerToxic } from './reset-peer.js';
import { slicerToxic } from './slicer.js';
import { slowCloseToxic } from './slow-close.js';
import { timeoutToxic } from './timeout.js';
import type { ToxicDefinition } from './toxic.js';

/**
 * Every toxic type by name. `down` is deliberately absent: the real server has no such toxic (a
 * proxy goes down with `enabled:false`) and answers `invalid toxic type`.
 */
export const toxicRegistry: ReadonlyMap<string, ToxicDefinition> = new Map(
  [latencyToxic, bandwidthToxic, slowCloseToxic, timeoutToxic, resetPeerToxic, slicerToxic, limitDataToxic].map((t) => [t.type, t]),
);
