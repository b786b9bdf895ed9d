import type { Context } from 'koa';
import type { HealthService } from '../../../services/health/health-service.ts';

// #region health-controller
export function makeHealthController({ healthService }: { healthService: HealthService }) {
  return {
    /** Liveness: the process answers. No I/O, so a slow database never gets the process killed. */
    async health(ctx: Context) {
      ctx.body = { status: 'ok' };
    },

    /** Readiness: PostgreSQL and Redis answer now; 503 says which one does not. */
    async ready(ctx: Context) {
      const { ready, checks } = await healthService.readiness();
      ctx.status = ready ? 200 : 503;
      ctx.body = { status: ready ? 'ready' : 'unavailable', checks };
    },
  };
}
// #endregion health-controller
