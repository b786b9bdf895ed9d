import { createRequire } from 'node:module';
import {
  type Attributes,
  type Context,
  context,
  INVALID_SPAN_CONTEXT,
  propagation,
  ROOT_CONTEXT,
  type Span,
  type SpanKind,
  SpanStatusCode,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import type * as HttpInstrumentationModule from '@opentelemetry/instrumentation-http';
import type * as PgInstrumentationModule from '@opentelemetry/instrumentation-pg';
import type * as RedisInstrumentationModule from '@opentelemetry/instrumentation-redis';
import type * as SdkModule from '@opentelemetry/sdk-node';
import type { TracingConfig } from '../../common/config.ts';

export { type Span, SpanKind } from '@opentelemetry/api';

/** Where trace context travels between processes: W3C `traceparent` (and `tracestate`) by default. */
export type TraceCarrier = Record<string, string>;

export interface Tracing {
  /** False when no OTLP endpoint is set: no SDK, no instrumentation, no exporter. */
  enabled: boolean;
  /** Sends the spans still buffered; the process calls it last when it shuts down. */
  shutdown(): Promise<void>;
}

const tracer = trace.getTracer('reference-app');
/** Set once the SDK runs. Until then every span is this one, and no context is switched. */
let started = false;
const NOT_TRACED: Span = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/** Paths whose requests start no trace: the metrics scrape, and the probes the API adds. */
const untracedPaths = new Set(['/metrics']);

/** The load balancer's probes come every few seconds: a trace each would bury the rest. */
export function skipTracingOf(paths: Iterable<string>): void {
  for (const path of paths) untracedPaths.add(path);
}

/** Tracing is on when an OTLP endpoint is set and the SDK is not disabled. */
export function tracingEnabled(config: TracingConfig): boolean {
  const endpoint = config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? config.OTEL_EXPORTER_OTLP_ENDPOINT;
  return Boolean(endpoint) && !config.OTEL_SDK_DISABLED;
}

/**
 * The SDK and its instrumentations, required rather than imported: a process without tracing never
 * loads them (several megabytes of exporters), and one with tracing loads them synchronously,
 * before the modules imported after the tracing module.
 */
function loadSdk() {
  const require = createRequire(import.meta.url);
  return {
    ...(require('@opentelemetry/sdk-node') as typeof SdkModule),
    ...(require('@opentelemetry/instrumentation-http') as typeof HttpInstrumentationModule),
    ...(require('@opentelemetry/instrumentation-pg') as typeof PgInstrumentationModule),
    ...(require('@opentelemetry/instrumentation-redis') as typeof RedisInstrumentationModule),
  };
}

// #region start-tracing
/**
 * Starts the OpenTelemetry SDK when an OTLP endpoint is set. The SDK reads the standard variables
 * itself (protocol, headers, sampler, propagators, resource attributes); we only choose the
 * instrumentations and a service name that tells the API and the worker apart. Metrics and logs
 * stay out of the SDK: metrics are Prometheus (prom-client), logs are pino's lines on stdout.
 */
export function startTracing(config: TracingConfig, defaultServiceName: string): Tracing {
  if (!tracingEnabled(config)) return { enabled: false, shutdown: async () => {} };
  const { NodeSDK, HttpInstrumentation, PgInstrumentation, RedisInstrumentation } = loadSdk();
  const sdk = new NodeSDK({
    serviceName: config.OTEL_SERVICE_NAME ?? defaultServiceName,
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      // The scrape of /metrics is not a request worth a trace.
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => request.url === '/metrics',
      }),
      // Only inside a trace: the relay's polling and the queue's own housekeeping start none.
      // Statements are recorded, never their values.
      new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false }),
      new RedisInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  started = true;
  return { enabled: true, shutdown: () => sdk.shutdown() };
}
// #endregion start-tracing

// #region with-span
interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** The span continues this trace instead of the active one (a job continues its request's). */
  parent?: TraceCarrier | undefined;
}

/** Runs `work` inside a new active span, ended when `work` settles; a throw marks it failed. */
export async function withSpan<T>(
  name: string,
  options: SpanOptions,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  if (!started) return work(NOT_TRACED);
  const parent = options.parent ? contextFrom(options.parent) : context.active();
  return tracer.startActiveSpan(name, options, parent, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      failSpan(span, error as Error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** A span started now and ended by the caller, for work that is not one function call. */
export function startSpan(name: string, options: SpanOptions): Span {
  if (!started) return NOT_TRACED;
  const parent = options.parent ? contextFrom(options.parent) : context.active();
  return tracer.startSpan(name, options, parent);
}

export function failSpan(span: Span, error: Error): void {
  span.recordException(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
}
// #endregion with-span

// #region trace-carrier
/** The active span's context, to store with a message; undefined when nothing is traced. */
export function activeTraceCarrier(span?: Span): TraceCarrier | undefined {
  const carrier: TraceCarrier = {};
  const from = span ? trace.setSpan(context.active(), span) : context.active();
  propagation.inject(from, carrier);
  return Object.keys(carrier).length ? carrier : undefined;
}

function contextFrom(carrier: TraceCarrier): Context {
  return propagation.extract(ROOT_CONTEXT, carrier);
}
// #endregion trace-carrier

/** The active span's ids, for the log line written inside it. */
export function activeTraceIds(): { trace_id: string; span_id: string } | undefined {
  const span = trace.getActiveSpan();
  if (!span) return undefined;
  const { traceId, spanId, traceFlags } = span.spanContext();
  // A trace the sampler dropped is nowhere to be found: its ids would lead nowhere.
  if (!(traceFlags & TraceFlags.SAMPLED)) return undefined;
  return { trace_id: traceId, span_id: spanId };
}

/** Runs `work` with `span` active, so that what it calls (Redis, SQL) is recorded under it. */
export function runInSpan<T>(span: Span | undefined, work: () => T): T {
  if (!span || !started) return work();
  return context.with(trace.setSpan(context.active(), span), work);
}

/** Names the active HTTP server span after the route that matched, as the semantic conventions ask. */
export function nameActiveHttpSpan(method: string, route: string): void {
  const span = trace.getActiveSpan();
  if (!span) return;
  span.updateName(`${method} ${route}`);
  span.setAttribute('http.route', route);
}

// #region traced-methods
/**
 * Calls `work` inside a new active span, when a trace is under way; a promise it returns ends the
 * span when it settles. Outside a trace (the relay's polling, a metrics scrape) no span starts.
 */
function inSpan(name: string, work: () => unknown): unknown {
  if (!trace.getActiveSpan()) return work();
  return tracer.startActiveSpan(name, (span) => {
    const fail = (error: unknown) => {
      failSpan(span, error as Error);
      span.end();
      throw error;
    };
    try {
      const result = work();
      if (!(result instanceof Promise)) {
        span.end();
        return result;
      }
      return result.then((value) => {
        span.end();
        return value;
      }, fail);
    } catch (error) {
      return fail(error);
    }
  });
}

/**
 * The same object, with a span around each method call named `Service.method`. Methods are called
 * on the object itself, not on the proxy, so that private fields keep working.
 */
export function withMethodSpans<T extends object>(name: string, target: T): T {
  // By function, not by name: a method replaced on the object (a test's stub) is the one called.
  const wrapped = new WeakMap<(...args: unknown[]) => unknown, unknown>();
  return new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (!wrapped.has(method)) {
        const spanName = `${name}.${property}`;
        wrapped.set(method, (...args: unknown[]) =>
          inSpan(spanName, () => method.apply(object, args)),
        );
      }
      return wrapped.get(method);
    },
  });
}
// #endregion traced-methods
