// `npm run client`: writes client/api-types.ts, the TypeScript types of the OpenAPI document that
// client/index.ts is typed with. The file is committed, so a change of the contract shows in review,
// and test/api/client-freshness.test.ts fails when it was not regenerated.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';
import { buildOpenApiDocument } from '../src/api/openapi.ts';
import { routeTable } from '../src/api/route-table.ts';
import { packageBin } from './package-bin.ts';

const appRoot = path.resolve(import.meta.dirname, '..');
export const clientTypesFile = path.join(appRoot, 'client/api-types.ts');

/** Formatted as `biome check --write` would, so that `npm run lint` accepts the file as written. */
function formatted(source: string): string {
  const biome = packageBin('@biomejs/biome', 'biome');
  const stdinPath = path.relative(appRoot, clientTypesFile);
  const run = spawnSync(
    process.execPath,
    [biome, 'check', '--write', `--stdin-file-path=${stdinPath}`],
    { cwd: appRoot, input: source, encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`biome could not format the client types:\n${run.stderr}`);
  return run.stdout;
}

/** The client types as the route table says they are. */
export async function generateClientTypes(): Promise<string> {
  const document = JSON.stringify(buildOpenApiDocument(routeTable));
  // The server fills in defaults, so a field that has one is optional for whoever sends it.
  const ast = await openapiTS(document, { silent: true, defaultNonNullable: false });
  return formatted(COMMENT_HEADER + astToString(ast));
}

if (import.meta.main) {
  writeFileSync(clientTypesFile, await generateClientTypes());
  console.log(`client: ${path.relative(process.cwd(), clientTypesFile)} written`);
}
