import { runService } from '../../shared/service-main.js';
import { buildApp } from './app.js';

await runService({ service: 'payment-gateway', variant: 'fake', defaultInstance: 'payment-gateway-1' }, async (base) => {
  const app = buildApp({ instanceId: base.instanceId, logLevel: base.logLevel });
  return { app, close: async () => {} };
});
