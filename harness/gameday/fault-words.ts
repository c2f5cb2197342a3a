import type { ChaosAction } from '../scenario/scenario-types.js';

/** A fault in words for the facilitator and the debrief: "latency on payment-gateway (latency 900)". */
export function describeAction(action: ChaosAction): string {
  switch (action.type) {
    case 'toxic': {
      const attrs = Object.entries(action.toxic.attributes)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      return `${action.toxic.type} on ${action.proxy}${attrs ? ` (${attrs})` : ''}`;
    }
    case 'disable-proxy':
      return `${action.proxy} cut off (proxy disabled)`;
    case 'kill-instance':
      return `instance ${action.instance} killed`;
    case 'restart-instance':
      return `instance ${action.instance} killed and restarted`;
    case 'sql':
      return `SQL: ${action.sql.length > 80 ? `${action.sql.slice(0, 77)}...` : action.sql}`;
  }
}
