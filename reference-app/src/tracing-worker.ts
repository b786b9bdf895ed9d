import { loadConfigOrExit, loadTracingConfig } from './common/config.ts';
import { startTracing } from './libs/telemetry/tracing.ts';

/** Imported first by main-worker.ts, for the same reason as tracing-api.ts. */
export const tracing = startTracing(loadConfigOrExit(loadTracingConfig), 'reference-app-worker');
