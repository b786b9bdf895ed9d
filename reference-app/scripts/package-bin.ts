import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The script behind a package's command, wherever npm installed the package (hoisted in this
 * repository's workspace, local in a starter), to run with `process.execPath`.
 */
export function packageBin(packageName: string, command: string): string {
  const manifestUrl = import.meta.resolve(`${packageName}/package.json`);
  const manifest = JSON.parse(readFileSync(new URL(manifestUrl), 'utf8')) as {
    bin: Record<string, string>;
  };
  const bin = manifest.bin[command];
  if (!bin) throw new Error(`${packageName} has no "${command}" command`);
  return fileURLToPath(new URL(bin, manifestUrl));
}
