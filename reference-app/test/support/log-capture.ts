import { createLogger } from '../../src/libs/log/index.ts';

/** The app's own logger, writing its JSON lines into an array the test reads. */
export function capturedLogger(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger(
    { config: { LOG_LEVEL: level, LOG_FORMAT: 'json' } },
    { write: (line: string) => void lines.push(JSON.parse(line)) },
  );
  return { logger, lines, messages: () => lines.map((line) => line.msg as string) };
}
