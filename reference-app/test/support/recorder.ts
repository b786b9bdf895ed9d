import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Recorded exchanges live beside the tests; the docs site shows them (docs/components/HttpExample.astro). */
export const recordingsDir = fileURLToPath(new URL('../http-examples/', import.meta.url));
/** Lists the names recorded by this run, so a check can find recordings whose test is gone. */
export const manifestName = '.recorded';

const REQUEST_HEADERS = ['content-type', 'authorization', 'if-none-match', 'x-internal-key'];
const RESPONSE_HEADERS = [
  'content-type',
  'location',
  'etag',
  'cache-control',
  'retry-after',
  'www-authenticate',
];
const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
};

export interface Exchange {
  method: string;
  path: string;
  requestHeaders: Record<string, string>;
  requestBody: unknown;
  status: number;
  responseHeaders: Headers;
  responseText: string;
}

// #region normalise
/** Replaces what changes from run to run with stable stand-ins, so a recording only changes with the API. */
export function normalise(text: string): string {
  const ids = new Map<string, string>();
  return (
    text
      .replace(/eyJ[\w-]+\.[\w-]+\.[\w-]+/g, '<access-token>')
      .replace(
        /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.[\w-]{43}/g,
        '<refresh-token>',
      )
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => {
        if (!ids.has(id))
          ids.set(id, `00000000-0000-4000-8000-${String(ids.size + 1).padStart(12, '0')}`);
        return ids.get(id) as string;
      })
      .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/g, '2026-01-01T00:00:00.000Z')
      // An age is a time measured from now: a slow run crosses a second where a quick one does not.
      .replace(/("\w*AgeSeconds":\s*)\d+/g, (_, key) => `${key}0`)
      .replace(/"cursor":\s*"[\w-]+"|"nextCursor":\s*"[\w-]+"|cursor=[\w-]+/g, (match) =>
        match.replace(/[\w-]+"?$/, (end) => (end.endsWith('"') ? '<cursor>"' : '<cursor>')),
      )
      .replace(/etag: "[\w-]+"|if-none-match: "[\w-]+"/g, (match) =>
        match.replace(/"[\w-]+"/, '"<etag>"'),
      )
      .replace(/"requestId":\s*"[^"]+"/g, '"requestId": "<request-id>"')
  );
}
// #endregion normalise

function headerLines(headers: Iterable<[string, string]>, keep: string[]): string[] {
  return [...headers]
    .filter(([name]) => keep.includes(name.toLowerCase()))
    .map(([name, value]) => `${name.toLowerCase()}: ${value}`)
    .sort();
}

function prettyBody(body: string): string {
  if (!body) return '';
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

export function render(exchange: Exchange): string {
  const requestBody =
    exchange.requestBody === undefined
      ? ''
      : typeof exchange.requestBody === 'string'
        ? exchange.requestBody
        : JSON.stringify(exchange.requestBody, null, 2);
  const request = [
    `${exchange.method} ${exchange.path} HTTP/1.1`,
    ...headerLines(Object.entries(exchange.requestHeaders), REQUEST_HEADERS),
  ];
  const response = [
    `HTTP/1.1 ${exchange.status} ${STATUS_TEXT[exchange.status] ?? ''}`.trim(),
    ...headerLines(exchange.responseHeaders.entries(), RESPONSE_HEADERS),
  ];
  const parts = [
    request.join('\n'),
    requestBody,
    response.join('\n'),
    prettyBody(exchange.responseText),
  ];
  return `${normalise(parts.filter((part, index) => part !== '' || index === 0).join('\n\n'))}\n`;
}

const isError = (value: unknown): value is { message: string } =>
  typeof value === 'object' && value !== null && 'message' in value;

/** JSON log lines as the docs show them: time, pid, host, durations and ids as stand-ins. */
export function recordableLogLines(lines: Record<string, unknown>[]): string {
  const stable = lines.map((line) =>
    JSON.stringify({
      ...line,
      time: '<time>',
      pid: '<pid>',
      hostname: '<host>',
      ...('durationMs' in line && { durationMs: '<ms>' }),
      ...('trace_id' in line && { trace_id: '<trace-id>', span_id: '<span-id>' }),
      ...(isError(line.err) && { err: { ...line.err, stack: `${line.err.message}\n    at …` } }),
    }),
  );
  return normalise(stable.join('\n'));
}

/** Rows as an aligned text table with a header line, the way psql prints a query's result. */
export function textTable(rows: Record<string, unknown>[]): string {
  const columns = Object.keys(rows[0] ?? {});
  const cells = rows.map((row) => columns.map((column) => String(row[column])));
  const widths = columns.map((column, index) =>
    Math.max(column.length, ...cells.map((cell) => cell[index]?.length ?? 0)),
  );
  const line = (values: string[]) =>
    values
      .map((value, index) => value.padEnd(widths[index] ?? 0))
      .join(' | ')
      .trimEnd();
  return [
    line(columns),
    widths.map((width) => '-'.repeat(width)).join('-+-'),
    ...cells.map(line),
    `(${rows.length} rows)`,
  ].join('\n');
}

// #region record
/**
 * Compares the exchange with its committed recording and fails on any difference;
 * with UPDATE_RECORDINGS=1 it rewrites the recording instead.
 */
export function record(name: string, exchange: Exchange, dir = recordingsDir): void {
  compareWithRecording(`${name}.http`, render(exchange), dir);
}

/** The same for a transcript (a trace tree, a scrape): text a page shows, kept as `<name>.txt`. */
export function recordTranscript(name: string, text: string, dir = recordingsDir): void {
  compareWithRecording(`${name}.txt`, text.endsWith('\n') ? text : `${text}\n`, dir);
}

function compareWithRecording(fileName: string, rendered: string, dir: string): void {
  const file = path.join(dir, fileName);
  mkdirSync(dir, { recursive: true });
  appendFileSync(path.join(dir, manifestName), `${fileName}\n`);
  if (process.env.UPDATE_RECORDINGS === '1') {
    writeFileSync(file, rendered);
    return;
  }
  let committed: string;
  try {
    committed = readFileSync(file, 'utf8');
  } catch {
    throw new Error(
      `No recording ${fileName} yet: run the tests with UPDATE_RECORDINGS=1 and commit it`,
    );
  }
  if (committed !== rendered) {
    throw new Error(
      `The app answered differently from the recording ${fileName}. If the change is intended, ` +
        `run the tests with UPDATE_RECORDINGS=1 and commit the new recording.\n--- recorded\n${committed}\n--- now\n${rendered}`,
    );
  }
}
// #endregion record
