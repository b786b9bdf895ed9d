import assert from 'node:assert/strict';
import { createBurstLog } from '../../src/libs/log/burst-log.ts';

function recordingLogger() {
  const lines: { fields: Record<string, unknown>; message: string }[] = [];
  return {
    lines,
    warn: (fields: Record<string, unknown>, message: string) =>
      void lines.push({ fields, message }),
  };
}

describe('burst log', () => {
  it('when failures come close together, then only the first is logged', () => {
    const logger = recordingLogger();
    const log = createBurstLog(logger, { quietMs: 1_000, repeatMs: 60_000 });

    for (let i = 0; i < 100; i++) log.warn('postgres', { dependency: 'postgres' }, 'down');

    assert.deepEqual(logger.lines, [{ fields: { dependency: 'postgres' }, message: 'down' }]);
  });

  it('when keys differ, then each burst gets its line', () => {
    const logger = recordingLogger();
    const log = createBurstLog(logger);

    log.warn('postgres', {}, 'PostgreSQL down');
    log.warn('redis', {}, 'Redis down');

    assert.deepEqual(
      logger.lines.map((line) => line.message),
      ['PostgreSQL down', 'Redis down'],
    );
  });

  it('when a burst goes on past the repeat interval, then one more line says how many were left out', () => {
    const logger = recordingLogger();
    const log = createBurstLog(logger, { quietMs: 1_000, repeatMs: 0 });

    log.warn('postgres', {}, 'down');
    log.warn('postgres', {}, 'down');

    assert.deepEqual(logger.lines[1], { fields: { leftOut: 0 }, message: 'down (still)' });
  });

  it('when a quiet period passes, then the next failure starts a burst of its own', async () => {
    const logger = recordingLogger();
    const log = createBurstLog(logger, { quietMs: 20, repeatMs: 60_000 });

    log.warn('postgres', {}, 'down');
    await new Promise((resolve) => setTimeout(resolve, 40));
    log.warn('postgres', {}, 'down');

    assert.equal(logger.lines.length, 2);
  });
});
