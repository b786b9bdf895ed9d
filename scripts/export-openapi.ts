// Writes the reference app's OpenAPI document for the site's API reference (starlight-openapi).
// It is generated from the route table on every build, so the reference cannot drift from the API;
// each operation's examples are its exchange recorded by the tests, with a link to it.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { operationRecording } from '../docs/plugins/recordings.ts';
import { buildOpenApiDocument } from '../reference-app/src/api/openapi.ts';
import { routeTable } from '../reference-app/src/api/route-table.ts';

export const openApiFile = path.resolve(import.meta.dirname, '../docs/generated/openapi.json');

type Media = { examples?: Record<string, { summary: string; value: unknown }> };
type Operation = {
  operationId: string;
  description?: string;
  requestBody?: { content?: Record<string, Media> };
  responses: Record<string, { content?: Record<string, Media> }>;
};

// #region recorded-examples
/** Puts the operation's recorded exchange in as its examples, and links to the whole exchange. */
export function withRecordedExample(operation: Operation): Operation {
  const recording = operationRecording(operation.operationId);
  if (!recording) return operation;
  const { requestBody, status, responseBody } = recording.parsed;
  const example = (value: unknown) => ({ recorded: { summary: 'Recorded by the tests', value } });
  const requestMedia = operation.requestBody?.content?.['application/json'];
  if (requestMedia && requestBody !== undefined) requestMedia.examples = example(requestBody);
  const responseMedia = operation.responses[String(status)]?.content?.['application/json'];
  if (responseMedia && responseBody !== undefined) responseMedia.examples = example(responseBody);
  const link = `[The whole exchange, recorded by the tests](/reference/api/examples/#operation-${operation.operationId.toLowerCase()})`;
  return { ...operation, description: [operation.description, link].filter(Boolean).join('\n\n') };
}
// #endregion recorded-examples

if (import.meta.main) {
  const document = buildOpenApiDocument(routeTable) as unknown as {
    paths: Record<string, Record<string, Operation>>;
  };
  for (const item of Object.values(document.paths)) {
    for (const [method, operation] of Object.entries(item))
      item[method] = withRecordedExample(operation);
  }
  mkdirSync(path.dirname(openApiFile), { recursive: true });
  writeFileSync(openApiFile, `${JSON.stringify(document, null, 2)}\n`);
  console.log(`openapi: ${path.relative(process.cwd(), openApiFile)} written`);
}
