import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** One finished span, as an OTLP/HTTP exporter sent it, with the service that sent it. */
export interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  kind: number;
  startNs: bigint;
  endNs: bigint;
  attributes: Record<string, unknown>;
  failed: boolean;
  /** Its place in the order the receiver got spans in: see `byStart`. */
  arrival: number;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
}

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes?: { key: string; value: OtlpValue }[];
  status?: { code?: number };
}

interface OtlpTraces {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value: OtlpValue }[] };
    scopeSpans?: { spans?: OtlpSpan[] }[];
  }[];
}

const plainValue = (value: OtlpValue) =>
  value.stringValue ?? value.boolValue ?? value.doubleValue ?? Number(value.intValue);

const attributesOf = (list: { key: string; value: OtlpValue }[] = []) =>
  Object.fromEntries(list.map(({ key, value }) => [key, plainValue(value)]));

function spansOf(request: OtlpTraces): Omit<ReceivedSpan, 'arrival'>[] {
  return (request.resourceSpans ?? []).flatMap((resourceSpans) => {
    const service = String(attributesOf(resourceSpans.resource?.attributes)['service.name']);
    return (resourceSpans.scopeSpans ?? []).flatMap(({ spans = [] }) =>
      spans.map((span) => ({
        service,
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId || undefined,
        name: span.name,
        kind: span.kind,
        startNs: BigInt(span.startTimeUnixNano),
        endNs: BigInt(span.endTimeUnixNano),
        attributes: attributesOf(span.attributes),
        failed: span.status?.code === 2,
      })),
    );
  });
}

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  return request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
}

export interface OtlpReceiver {
  /** The value for OTEL_EXPORTER_OTLP_ENDPOINT. */
  endpoint: string;
  spans: ReceivedSpan[];
  /** Every export request, as path and content type: which protocol the exporters chose. */
  requests: { path: string; contentType: string }[];
  /** Called with each batch of spans as it arrives. */
  onSpans(listener: (spans: ReceivedSpan[]) => void): void;
  close(): Promise<void>;
}

const KEPT_SPANS = 10_000;

// #region otlp-receiver
/**
 * A trace receiver that speaks OTLP/HTTP with JSON bodies (OTEL_EXPORTER_OTLP_PROTOCOL=http/json),
 * enough for a test or `npm run dev` to see the spans without installing a collector. Metrics and
 * logs sent to it are accepted and dropped.
 */
export async function startOtlpReceiver(port = 0): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  let arrivals = 0;
  const listeners: ((spans: ReceivedSpan[]) => void)[] = [];
  const requests: OtlpReceiver['requests'] = [];
  const server = createServer(async (request, response) => {
    try {
      const body = await bodyOf(request);
      requests.push({
        path: request.url ?? '',
        contentType: request.headers['content-type'] ?? '',
      });
      if (request.method !== 'POST' || !request.headers['content-type']?.includes('json')) {
        response.writeHead(415, { 'content-type': 'text/plain' }).end('send http/json');
        return;
      }
      if (request.url === '/v1/traces') {
        const received = spansOf(JSON.parse(body.toString('utf8')) as OtlpTraces).map((span) => ({
          ...span,
          arrival: arrivals++,
        }));
        // Kept for a test to read, up to a bound: `npm run dev` may run for days.
        spans.push(...received);
        spans.splice(0, Math.max(0, spans.length - KEPT_SPANS));
        requests.splice(0, Math.max(0, requests.length - KEPT_SPANS));
        for (const listener of listeners) listener(received);
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    } catch (error) {
      response.writeHead(400, { 'content-type': 'text/plain' }).end((error as Error).message);
    }
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    requests,
    onSpans: (listener) => listeners.push(listener),
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
// #endregion otlp-receiver

// #region trace-tree
const SHORT_SERVICE = /^reference-app-/;

/**
 * The SDK stamps a span's start from Date.now(), to the millisecond, and its end as that start
 * plus the measured duration, so two siblings one after the other often start "together" and
 * neither time tells which came first. The order the spans arrived in does: a process ends
 * sequential siblings in the order it started them, and with one span per export
 * (OTEL_BSP_MAX_EXPORT_BATCH_SIZE=1) they arrive in the order they ended.
 */
function byStart(a: ReceivedSpan, b: ReceivedSpan): number {
  return Number(a.startNs - b.startNs) || a.arrival - b.arrival;
}

/**
 * One trace as an indented tree, children in the order they started: each line the span's name,
 * its service, and (unless left out, for a recording) how long it took.
 */
export function formatTraceTree(spans: ReceivedSpan[], { durations = true } = {}): string {
  const ids = new Set(spans.map((span) => span.spanId));
  const children = Map.groupBy(spans, (span) =>
    span.parentSpanId && ids.has(span.parentSpanId) ? span.parentSpanId : 'root',
  );
  const lines: string[] = [];
  const walk = (span: ReceivedSpan, prefix: string, last: boolean, depth: number) => {
    const branch = depth === 0 ? '' : last ? '└─ ' : '├─ ';
    const ms = Number(span.endNs - span.startNs) / 1e6;
    const took = durations ? ` ${ms.toFixed(1)} ms` : '';
    const failed = span.failed ? ' FAILED' : '';
    lines.push(
      `${prefix}${branch}${span.name} [${span.service.replace(SHORT_SERVICE, '')}]${took}${failed}`,
    );
    const next = depth === 0 ? '' : `${prefix}${last ? '   ' : '│  '}`;
    const kids = [...(children.get(span.spanId) ?? [])].sort(byStart);
    kids.forEach((kid, index) => {
      walk(kid, next, index === kids.length - 1, depth + 1);
    });
  };
  const roots = [...(children.get('root') ?? [])].sort(byStart);
  for (const root of roots) walk(root, '', true, 0);
  return lines.join('\n');
}
// #endregion trace-tree

/**
 * Calls `print` with each trace once no span of it has arrived for `quietMs`: a sign-up's trace
 * is whole once the worker's spans are in, a second or so after the API's.
 */
export function whenTracesQuiet(
  receiver: OtlpReceiver,
  print: (spans: ReceivedSpan[]) => void,
  quietMs = 2_000,
): void {
  const pending = new Map<string, { spans: ReceivedSpan[]; timer?: NodeJS.Timeout }>();
  receiver.onSpans((spans) => {
    for (const span of spans) {
      const trace = pending.get(span.traceId) ?? { spans: [] };
      clearTimeout(trace.timer);
      trace.spans.push(span);
      trace.timer = setTimeout(() => {
        pending.delete(span.traceId);
        print(trace.spans);
      }, quietMs);
      trace.timer.unref();
      pending.set(span.traceId, trace);
    }
  });
}
