import assert from 'node:assert/strict';
import { withApi } from '../support/api.ts';
import { aRegistration } from '../support/data.ts';
import { eventually } from '../support/wait.ts';

/** Keeps this process's event loop busy, as a CPU-bound request would. */
function blockEventLoop(ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // busy
  }
}

// #region load-shedding-test
describe('API under overload: 503 OVERLOADED at once instead of growing latency', function () {
  this.timeout(30_000);

  it('when more requests arrive than may be in flight, then the extra ones get 503 at once while the accepted ones finish', async () => {
    await withApi({ OVERLOAD_MAX_IN_FLIGHT: '4' }, async (api) => {
      const answeredAt: { status: number; code?: string; retryAfter: string | null; at: number }[] =
        [];

      await Promise.all(
        Array.from({ length: 40 }, async () => {
          const response = await api.post('/api/client/auth/register', aRegistration());
          const { status, body, headers } = response;
          answeredAt.push({
            status,
            code: body.error?.code,
            retryAfter: headers.get('retry-after'),
            at: performance.now(),
          });
        }),
      );

      const refused = answeredAt.filter((answer) => answer.status === 503);
      const accepted = answeredAt.filter((answer) => answer.status === 201);
      assert.equal(refused.length + accepted.length, 40);
      // Not exactly 36: the 40 arrive over a few milliseconds, and a slot freed meanwhile admits one more.
      assert.ok(refused.length >= 20, `${refused.length} refused`);
      assert.ok(
        refused.every((answer) => answer.code === 'OVERLOADED' && answer.retryAfter === '1'),
      );
      // Refusals cost nothing: each came back before the accepted sign-ups (Argon2) were done.
      const lastAccepted = Math.max(...accepted.map((answer) => answer.at));
      assert.ok(refused.every((answer) => answer.at < lastAccepted));
    });
  });

  it('when the event loop lags past its limit, then requests get 503 until it recovers, and probes still answer', async () => {
    await withApi({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '100' }, async (api) => {
      // Each try lags the loop again, so every half-second sample holds a lag past the limit,
      // however late the sampler's tick falls on a busy machine.
      const refused = await eventually(async () => {
        blockEventLoop(250);
        const response = await api.get('/api/public/profiles/00000000-0000-4000-8000-000000000000');
        return response.status === 503 ? response : undefined;
      }, 5_000);
      const probe = await api.get('/api/health');

      assert.deepEqual(refused.body.error.details, { reason: 'event-loop-delay' });
      assert.equal(probe.status, 200);
      await eventually(async () => {
        const response = await api.get('/api/public/profiles/00000000-0000-4000-8000-000000000000');
        return response.status === 404 ? true : undefined;
      }, 3_000);
    });
  });
});
// #endregion load-shedding-test
