import { type DestinationStream, type Logger, pino } from 'pino';
import { currentContext } from '../../common/request-context.ts';

export type { Logger };

// #region logger
/**
 * JSON lines everywhere; human-friendly only when a person watches the terminal.
 * Every line carries the request id of the request or job it belongs to.
 */
export function createLogger(
  { config }: { config: { LOG_LEVEL: string } },
  destination?: DestinationStream,
): Logger {
  const options = {
    level: config.LOG_LEVEL,
    mixin: () => ({ requestId: currentContext()?.requestId }),
  };
  if (destination) return pino(options, destination);
  return pino({
    ...options,
    transport: process.stdout.isTTY ? { target: 'pino-pretty' } : undefined,
  });
}
// #endregion logger
