import { describe, expect, it } from 'vitest';
import { nativeProvider } from '../../harness/infra/native/native-provider.js';
import { endpointsOf } from '../../harness/infra/stack-status.js';
import { settleCounters } from '../../harness/probes/index.js';
import { credentials } from '../../harness/settings/stack-settings.js';
import { testStackOptions } from '../helpers/test-stack.js';

describe('counters settle after the load', () => {
  it('settles on an idle stack within the quiet window although its own reads commit transactions', async () => {
    const options = await testStackOptions();
    const { state } = await nativeProvider.up(options);
    const endpoints = endpointsOf(state);
    const quiet = await settleCounters({
      postgresUrl: endpoints.postgresUrl,
      pgbouncerAdminUrl: endpoints.pgbouncerAdminUrl,
      database: credentials.database,
      quietMs: 1000,
      maxMs: 8000,
    });
    expect(quiet.settled).toBe(true);
    expect(quiet.settleMs).toBeLessThan(4000);
  }, 60_000);
});
