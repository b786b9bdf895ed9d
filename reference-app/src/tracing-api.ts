// #region tracing-first
import { loadConfigOrExit, loadTracingConfig } from './common/config.ts';
import { startTracing } from './libs/telemetry/tracing.ts';

/**
 * Imported first by main-api.ts: the instrumentations hook `require`, so they must be in place
 * before Koa, Knex and Bee-Queue load http, pg and redis.
 */
export const tracing = startTracing(loadConfigOrExit(loadTracingConfig), 'reference-app-api');
// #endregion tracing-first
