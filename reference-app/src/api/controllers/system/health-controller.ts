import type { Context } from 'koa';
import { AppError } from '../../../common/errors.ts';
import type { HealthService } from '../../../services/health/health-service.ts';

// #region health-controller
export function makeHealthController({ healthService }: { healthService: HealthService }) {
  return {
    /** Liveness: the process answers. No I/O, so a slow database never gets the process killed. */
    async health(ctx: Context) {
      ctx.body = { status: 'ok' };
    },

    /** Readiness: PostgreSQL and Redis answer now, and the process is not shutting down. */
    async ready(ctx: Context) {
      const readiness = await healthService.readiness();
      if (readiness.shuttingDown) throw new AppError('SHUTTING_DOWN');
      const { ready, checks } = readiness;
      if (!ready) throw new AppError('NOT_READY', { details: { checks } });
      ctx.body = { status: 'ready', checks };
    },
  };
}
// #endregion health-controller
