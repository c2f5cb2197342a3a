/**
 * A game day on the Black Friday routing incident: the naive route optimizer under a steady
 * evening of dispatch traffic while three hidden faults arrive one at a time between minutes 1
 * and 9. The players watch latency, PgBouncer waits and deadlocks, name what they think is wrong,
 * and pull levers: restart or add instances, remove a fault they have found on a hop, or move the
 * traffic to the hardened optimizer.
 */
import { defineGameDay } from '../harness/gameday/define-game-day.js';

export default defineGameDay({
  name: 'black-friday-routing',
  title: 'Black Friday routing: keep the trucks moving',
  scenario: 'black-friday-routing',
  variant: 'naive',
  duration: '10m',
  scale: 0.05,
  objectives: [
    'Keep route assignments answering: p99 under 1 s, errors under 1%.',
    'Declare an incident as soon as you see one, with your best guess of its category.',
    'Mitigate with the levers, then say in the debrief what told you.',
  ],
  load: {
    startRate: 10,
    stages: [
      { duration: '30s', target: 25 },
      { duration: '9m30s', target: 25 },
    ],
  },
  // A real map provider is never instant: its baseline latency stays on all game long.
  background: ['map-api-baseline'],
  faults: [
    {
      name: 'map-provider-slowdown',
      category: 'slow-dependency',
      signal: 'p99',
      for: '2m',
      note: 'map API answers in 250-650 ms: the naive Promise.all holds every request open; p99 climbs, then pool waits.',
      action: { type: 'toxic', proxy: 'map-api', toxic: { type: 'latency', attributes: { latency: 450, jitter: 200 } } },
    },
    {
      name: 'database-hop-latency',
      category: 'pool-exhaustion',
      signal: 'p99',
      for: '2m',
      note: 'every PgBouncer round trip takes 80 ms more: connections are held longer, cl_waiting and pool waits rise.',
      action: { type: 'toxic', proxy: 'pgbouncer', toxic: { type: 'latency', attributes: { latency: 80, jitter: 20 } } },
    },
    {
      name: 'instance-crash',
      category: 'crashed-instance',
      signal: 'errors',
      // A crash is over at once; its minute is the window in which naming it counts.
      for: '1m',
      note: 'instance 1 is SIGKILLed: its requests in flight fail, the survivor takes double load. Fixed by a restart.',
      action: { type: 'kill-instance', instance: 1 },
    },
    {
      name: 'redis-cut-off',
      category: 'network-loss',
      signal: 'errors',
      for: '90s',
      note: 'the Redis hop is cut: tunnel restrictions cannot be read, assignments fail.',
      action: { type: 'disable-proxy', proxy: 'redis' },
    },
  ],
  schedule: { kind: 'draw', count: 3, between: ['1m', '9m'] },
  levers: [
    { name: 'restart-instance-1', label: 'Restart instance 1', action: { type: 'restart-instance', instance: 1 } },
    { name: 'restart-instance-2', label: 'Restart instance 2', action: { type: 'restart-instance', instance: 2 } },
    { name: 'scale-to-3', label: 'Scale to 3 instances', action: { type: 'scale', to: 3 } },
    { name: 'remove-map-api-fault', label: 'Remove fault on the map API hop', action: { type: 'remove-toxic', proxy: 'map-api' } },
    { name: 'remove-pgbouncer-fault', label: 'Remove fault on the PgBouncer hop', action: { type: 'remove-toxic', proxy: 'pgbouncer' } },
    { name: 'remove-redis-fault', label: 'Remove fault on the Redis hop', action: { type: 'remove-toxic', proxy: 'redis' } },
    { name: 'switch-to-hardened', label: 'Switch traffic to the hardened optimizer', action: { type: 'switch-variant', to: 'hardened' } },
  ],
});
