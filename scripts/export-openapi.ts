// Writes the reference app's OpenAPI document for the site's API reference (starlight-openapi).
// It is generated from the route table on every build, so the reference cannot drift from the API.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildOpenApiDocument } from '../reference-app/src/api/openapi.ts';
import { routeTable } from '../reference-app/src/api/route-table.ts';

export const openApiFile = path.resolve(import.meta.dirname, '../docs/generated/openapi.json');

mkdirSync(path.dirname(openApiFile), { recursive: true });
writeFileSync(openApiFile, `${JSON.stringify(buildOpenApiDocument(routeTable), null, 2)}\n`);
console.log(`openapi: ${path.relative(process.cwd(), openApiFile)} written`);
