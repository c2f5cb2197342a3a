/**
 * A game day on the flash-sale checkout incident: the naive checkout through a midnight sale
 * while hidden faults slow the payment gateway, jitter Redis, cut the database hop or crash an
 * instance, one at a time between minutes 1 and 9. Players watch errors, latency and waits, name
 * the fault, and pull levers: restart, scale, remove a fault they found, lower the gateway
 * timeout, or move the traffic to the hardened checkout.
 */
import { defineGameDay } from '../harness/gameday/define-game-day.js';

export default defineGameDay({
  name: 'flash-sale-checkout',
  title: 'Flash sale: checkout at midnight',
  scenario: 'flash-sale-checkout',
  variant: 'naive',
  duration: '10m',
  objectives: [
    'Keep checkout answering: p99 under 1.5 s, errors under 2%.',
    'Declare an incident as soon as you see one, naming its category.',
    'Mitigate with the levers; note which charts told you what.',
  ],
  load: {
    startRate: 10,
    stages: [
      { duration: '30s', target: 30 },
      { duration: '9m30s', target: 30 },
    ],
  },
  background: ['database-rtt', 'gateway-baseline', 'midnight-drop'],
  faults: [
    {
      name: 'gateway-slowdown',
      category: 'slow-dependency',
      signal: 'p99',
      for: '2m',
      note: 'the payment gateway answers in 0.3-1.3 s: naive retries on timeout, p99 and in-flight climb.',
      action: { type: 'toxic', proxy: 'payment-gateway', toxic: { type: 'latency', attributes: { latency: 800, jitter: 500 } } },
    },
    {
      name: 'redis-jitter',
      category: 'cache-trouble',
      signal: 'p99',
      for: '2m',
      note: 'each Redis command waits 0-400 ms on its way in: order status reads go stale or miss.',
      action: { type: 'toxic', proxy: 'redis', toxic: { type: 'latency', stream: 'upstream', attributes: { latency: 200, jitter: 200 } } },
    },
    {
      name: 'database-hop-resets',
      category: 'network-loss',
      signal: 'errors',
      for: '90s',
      note: 'a third of the connections to PgBouncer are reset: checkouts fail with 5xx.',
      action: { type: 'toxic', proxy: 'pgbouncer', toxic: { type: 'reset_peer', toxicity: 0.3, attributes: { timeout: 0 } } },
    },
    {
      name: 'instance-crash',
      category: 'crashed-instance',
      signal: 'errors',
      // A crash is over at once; its minute is the window in which naming it counts.
      for: '1m',
      note: 'instance 2 is SIGKILLed; a restart brings it back.',
      action: { type: 'kill-instance', instance: 2 },
    },
  ],
  schedule: { kind: 'draw', count: 3, between: ['1m', '9m'] },
  levers: [
    { name: 'restart-instance-1', label: 'Restart instance 1', action: { type: 'restart-instance', instance: 1 } },
    { name: 'restart-instance-2', label: 'Restart instance 2', action: { type: 'restart-instance', instance: 2 } },
    { name: 'scale-to-3', label: 'Scale to 3 instances', action: { type: 'scale', to: 3 } },
    { name: 'remove-gateway-fault', label: 'Remove fault on the gateway hop', action: { type: 'remove-toxic', proxy: 'payment-gateway' } },
    { name: 'remove-redis-fault', label: 'Remove fault on the Redis hop', action: { type: 'remove-toxic', proxy: 'redis' } },
    { name: 'remove-pgbouncer-fault', label: 'Remove fault on the PgBouncer hop', action: { type: 'remove-toxic', proxy: 'pgbouncer' } },
    {
      name: 'gateway-timeout-5s',
      label: 'Set GATEWAY_TIMEOUT_MS=5000 and restart',
      action: { type: 'set-env', key: 'GATEWAY_TIMEOUT_MS', value: '5000' },
    },
    { name: 'switch-to-hardened', label: 'Switch traffic to the hardened checkout', action: { type: 'switch-variant', to: 'hardened' } },
  ],
});
