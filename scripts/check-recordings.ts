// After the reference app's tests: every committed HTTP recording must have been made by a test
// of this run. A recording whose test is gone would otherwise go on showing an API that changed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// #region check-recordings
export function staleRecordings(dir: string): string[] {
  const manifest = path.join(dir, '.recorded');
  if (!existsSync(manifest))
    return ['(no test recorded anything: run the reference app tests first)'];
  const recorded = new Set(readFileSync(manifest, 'utf8').split('\n').filter(Boolean));
  return readdirSync(dir)
    .filter((file) => /\.(http|txt)$/.test(file))
    .filter((file) => !recorded.has(file));
}
// #endregion check-recordings

if (import.meta.main) {
  const dir = path.resolve(import.meta.dirname, '../reference-app/test/http-examples');
  const stale = staleRecordings(dir);
  if (stale.length) {
    console.error(
      `recordings: no test made ${stale.join(', ')} in this run; remove the file(s) or restore the test`,
    );
    process.exit(1);
  }
  console.log(
    `recordings: ${readdirSync(dir).filter((file) => /\.(http|txt)$/.test(file)).length} recordings, all made by this run's tests`,
  );
}
