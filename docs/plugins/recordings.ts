// Reads the HTTP exchanges the reference app's tests record (reference-app/test/http-examples):
// the API reference takes its examples from them, and the examples page shows them.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

// From the working directory, as every npm script runs: a bundled page's own URL would not do.
export const recordingsDir = path.join(process.cwd(), 'reference-app/test/http-examples');

export interface Recording {
  requestLine: string;
  requestBody: unknown;
  status: number;
  responseBody: unknown;
}

const json = (text: string | undefined) => (text ? JSON.parse(text) : undefined);

/** Splits a recording: request line and headers, its body, the status line and headers, its body. */
export function parseRecording(text: string): Recording {
  const parts = text.trimEnd().split('\n\n');
  const statusAt = parts.findIndex((part) => /^HTTP\/1\.1 \d{3}/.test(part));
  if (statusAt < 1) throw new Error('a recording needs a request and a response');
  return {
    requestLine: parts[0]?.split('\n', 1)[0] ?? '',
    requestBody: json(parts.slice(1, statusAt).join('\n\n')),
    status: Number(/^HTTP\/1\.1 (\d{3})/.exec(parts[statusAt] ?? '')?.[1]),
    responseBody: json(parts.slice(statusAt + 1).join('\n\n')),
  };
}

/** The operation's recorded example, or undefined when it has none. */
export function operationRecording(
  operationId: string,
): { text: string; parsed: Recording } | undefined {
  // Made by test/api/operation-examples.api.test.ts.
  const file = path.join(recordingsDir, `operation-${operationId}.http`);
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  return { text, parsed: parseRecording(text) };
}
