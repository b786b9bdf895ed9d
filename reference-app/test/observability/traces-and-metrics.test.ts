import assert from 'node:assert/strict';
import { freePort } from '../../dev/net.ts';
import {
  formatTraceTree,
  type OtlpReceiver,
  type ReceivedSpan,
  startOtlpReceiver,
} from '../../dev/otlp-receiver.ts';
import { aRegistration } from '../support/data.ts';
import { exitOf, startProcess } from '../support/processes.ts';
import { type Sample, sampleValue, scrape, scrapeText } from '../support/prometheus.ts';
import { recordableLogLines, recordTranscript } from '../support/recorder.ts';
import { type IsolatedStack, isolatedStack } from '../support/stack.ts';
import { eventually } from '../support/wait.ts';

type Running = ReturnType<typeof startProcess>;

/** The URL the process logged for its metrics listener, once it is ready. */
async function metricsUrlOf(process: Running, readyLine: string): Promise<string> {
  const line = await eventually(
    async () =>
      process
        .output()
        .split('\n')
        .find((text) => text.includes(readyLine)),
    40_000,
  );
  return (JSON.parse(line) as { metrics: string }).metrics;
}

function spanNamed(spans: ReceivedSpan[], name: string | RegExp): ReceivedSpan {
  const span = spans.find((candidate) =>
    typeof name === 'string' ? candidate.name === name : name.test(candidate.name),
  );
  assert.ok(span, `no span named ${name} in:\n${formatTraceTree(spans)}`);
  return span;
}

function assertChildOf(child: ReceivedSpan, parent: ReceivedSpan, spans: ReceivedSpan[]) {
  assert.equal(
    child.parentSpanId,
    parent.spanId,
    `${child.name} is not a child of ${parent.name}:\n${formatTraceTree(spans)}`,
  );
}

/** The tree as a page shows it: no durations, no database name, no connection spans (they come and go with the pool). */
function recordableTree(spans: ReceivedSpan[], database: string): string {
  const kept = spans.filter((span) => span.name !== 'pg.connect');
  return formatTraceTree(kept, { durations: false }).replaceAll(database, '<database>');
}

/** The backlog's families of a scrape, as a page shows them: ages vary, so they read <seconds>. */
function backlogFamilies(text: string): string {
  const families =
    /^(# (HELP|TYPE) )?(outbox_rows|outbox_oldest_row_age_seconds|dead_letters|queue_jobs)\b/;
  return text
    .split('\n')
    .filter((line) => families.test(line))
    .map((line) =>
      line.startsWith('outbox_oldest_row_age_seconds{')
        ? line.replace(/ \S+$/, ' <seconds>')
        : line,
    )
    .join('\n');
}

describe('Observability: one trace from the request into the worker, and metrics that move', function () {
  this.timeout(90_000);
  let receiver: OtlpReceiver;
  let stack: IsolatedStack;
  let api: Running;
  let worker: Running;
  let apiUrl: string;
  let apiMetrics: string;
  let workerMetrics: string;

  before(async () => {
    receiver = await startOtlpReceiver();
    stack = await isolatedStack();
    const port = await freePort();
    apiUrl = `http://127.0.0.1:${port}`;
    // #region observability-environment
    const observed = {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '100',
      METRICS_PORT: '0',
    };
    // #endregion observability-environment
    // One span per export, so that spans arrive in the order each process ended them: the
    // recorded tree needs that to order siblings that started in the same millisecond.
    const inOrder = { OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '1' };
    // A low limit per account, so that a test can run into it (each sign-up is another account).
    const limited = { RATE_LIMIT_AUTH_PER_ACCOUNT: '3' };
    api = startProcess('src/main-api.ts', {
      ...stack.env,
      ...observed,
      ...inOrder,
      ...limited,
      PORT: String(port),
    });
    worker = startProcess('src/main-worker.ts', { ...stack.env, ...observed, ...inOrder });
    [apiMetrics, workerMetrics] = await Promise.all([
      metricsUrlOf(api, 'API listening'),
      metricsUrlOf(worker, 'worker ready'),
    ]);
    // One job through first: the worker's very first publish opens its Redis connection, and
    // the commands queued meanwhile are sent outside the publish's span.
    await signUp();
    await eventually(
      async () =>
        receiver.spans.some((span) => span.name === 'job send-welcome-email') || undefined,
      30_000,
    );
  });

  after(async () => {
    for (const running of [api, worker]) {
      if (running?.child.exitCode === null) running.child.kill('SIGTERM');
      if (running) await exitOf(running.child);
    }
    await receiver?.close();
    await stack?.destroy();
  });

  const signUp = async () => {
    const response = await fetch(`${apiUrl}/api/client/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(aRegistration()),
    });
    assert.equal(response.status, 201, await response.clone().text());
    return { requestId: response.headers.get('x-request-id') as string };
  };

  it('when someone signs up, then one trace holds the request, its service, its SQL and outbox write, and the worker’s publish, job and email', async () => {
    const before = receiver.spans.length;
    await signUp();

    // The job's span ends last of the worker's, and may come in a later export than its children.
    const spans = await eventually(async () => {
      const job = receiver.spans
        .slice(before)
        .find((span) => span.name === 'job send-welcome-email');
      const trace = receiver.spans.filter((span) => span.traceId === job?.traceId);
      return trace.some((span) => span.name === 'POST /api/client/auth/register')
        ? trace
        : undefined;
    }, 30_000);

    const http = spanNamed(spans, 'POST /api/client/auth/register');
    assert.equal(http.service, 'reference-app-api');
    assert.equal(http.attributes['http.route'], '/api/client/auth/register');
    assert.equal(http.parentSpanId, undefined, 'the request starts the trace');
    const service = spanNamed(spans, 'UserService.register');
    assertChildOf(service, http, spans);
    const inserts = spans.filter((span) => /^pg\.query:INSERT/.test(span.name));
    assert.ok(inserts.length >= 3, 'the user, its role and the outbox row are inserted');
    const outboxWrite = spanNamed(spans, 'outbox write send-welcome-email');
    assertChildOf(outboxWrite, service, spans);
    assert.ok(inserts.some((span) => span.parentSpanId === outboxWrite.spanId));
    const publish = spanNamed(spans, 'publish send-welcome-email');
    assert.equal(publish.service, 'reference-app-worker');
    assertChildOf(publish, outboxWrite, spans);
    // The Redis command's span may reach the receiver in a later export than the job's.
    const underPublish = (trace: typeof spans) =>
      trace.some((span) => span.name.startsWith('redis-') && span.parentSpanId === publish.spanId);
    const withRedis = await eventually(async () => {
      const trace = receiver.spans.filter((span) => span.traceId === http.traceId);
      return underPublish(trace) ? trace : undefined;
    }, 10_000).catch(() => spans);
    assert.ok(
      underPublish(withRedis),
      `no Redis command under the publish:\n${formatTraceTree(withRedis)}`,
    );
    const job = spanNamed(spans, 'job send-welcome-email');
    assertChildOf(job, publish, spans);
    assert.equal(job.attributes['job.attempt'], 1);
    assert.equal(job.attributes['job.outcome'], 'succeeded');
    const task = spanNamed(spans, 'WelcomeEmailService.send');
    assertChildOf(task, job, spans);
    assertChildOf(spanNamed(spans, 'mail send'), task, spans);
    const workerQueries = spans.filter((span) => span.service === 'reference-app-worker');
    assert.ok(workerQueries.some((span) => span.name.startsWith('pg.query:')));

    const database = new URL(stack.env.DATABASE_URL).pathname.slice(1);
    recordTranscript('trace-of-a-sign-up', recordableTree(withRedis, database));
  });

  it('when a line is logged inside a span, then it carries the trace’s and the span’s ids, in both processes', async () => {
    const { requestId } = await signUp();

    const lineOf = (running: Running, message: string) =>
      eventually(async () => {
        const line = running
          .output()
          .split('\n')
          .find((text) => text.includes(`"requestId":"${requestId}"`) && text.includes(message));
        return line ? (JSON.parse(line) as Record<string, string>) : undefined;
      }, 20_000);
    const access = await lineOf(api, '"msg":"request"');
    const job = await lineOf(worker, '"msg":"job succeeded"');

    const httpSpan = await eventually(async () =>
      receiver.spans.find((span) => span.spanId === access.span_id),
    );
    assert.equal(httpSpan.name, 'POST /api/client/auth/register');
    assert.equal(access.trace_id, httpSpan.traceId);
    assert.equal(job.trace_id, httpSpan.traceId, 'the job logs in the request’s trace');
    const jobSpan = await eventually(async () =>
      receiver.spans.find((span) => span.spanId === job.span_id),
    );
    assert.equal(jobSpan.name, 'job send-welcome-email');
    recordTranscript('log-lines-of-a-sign-up', recordableLogLines([access, job]));
  });

  it('when requests and jobs run, then their counts move on each process’s /metrics', async () => {
    const route = { method: 'POST', route: '/api/client/auth/register', status: '201' };
    const job = { task: 'send-welcome-email', outcome: 'succeeded' };
    const before = await scrape(apiMetrics);
    const jobsBefore = await scrape(workerMetrics);

    await signUp();

    const after = await scrape(apiMetrics);
    const count = (samples: Sample[]) =>
      sampleValue(samples, 'http_server_request_duration_seconds_count', route);
    assert.equal(count(after), count(before) + 1);
    const jobs = (samples: Sample[]) => sampleValue(samples, 'job_duration_seconds_count', job);
    await eventually(async () =>
      jobs(await scrape(workerMetrics)) === jobs(jobsBefore) + 1 ? true : undefined,
    );
    const workerNow = await scrape(workerMetrics);
    for (const samples of [after, workerNow]) {
      const names = new Set(samples.map((sample) => sample.name));
      for (const name of [
        'nodejs_eventloop_lag_seconds',
        'process_resident_memory_bytes',
        'process_cpu_seconds_total',
        'db_pool_connections',
        'redis_connections',
        'outbox_rows',
        'queue_jobs',
        'dead_letters',
      ]) {
        assert.ok(names.has(name), `${name} is missing`);
      }
    }
    assert.ok(
      after.some(
        (sample) =>
          sample.name === 'http_server_request_duration_seconds_bucket' &&
          sample.labels.le === '0.1',
      ),
    );
    assert.ok(
      workerNow.some(
        (sample) =>
          sample.name === 'job_duration_seconds_bucket' &&
          sample.labels.task === 'send-welcome-email',
      ),
    );
    assert.ok(
      after.every((sample) => !/[0-9a-f]{8}-[0-9a-f]{4}/.test(JSON.stringify(sample.labels))),
      'no label holds an id',
    );
  });

  it('when sign-ins are refused for too many attempts, then the API counts the refusals by action', async () => {
    const refusals = (samples: Sample[]) =>
      sampleValue(samples, 'rate_limit_refusals_total', { action: 'login' });
    const before = refusals(await scrape(apiMetrics));
    const { email } = aRegistration();

    const statuses: number[] = [];
    for (let attempt = 0; attempt < 7; attempt++) {
      const response = await fetch(`${apiUrl}/api/client/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: 'not the password' }),
      });
      statuses.push(response.status);
    }

    const refused = statuses.filter((status) => status === 429).length;
    assert.ok(refused >= 1, `no attempt was refused: ${statuses.join(', ')}`);
    assert.equal(refusals(await scrape(apiMetrics)), before + refused);
  });

  it('when the worker is stopped, then the API’s /metrics shows the outbox backlog growing', async () => {
    worker.child.kill('SIGTERM');
    assert.equal(await exitOf(worker.child), 0, worker.output());
    const pending = (samples: Sample[]) =>
      sampleValue(samples, 'outbox_rows', { task: 'send-welcome-email', state: 'pending' });
    const before = pending(await scrape(apiMetrics));

    await signUp();
    await signUp();

    // One read per second at most feeds a scrape: the next one may still show the last.
    const grown = await eventually(async () => {
      const now = pending(await scrape(apiMetrics));
      return now === before + 2 ? now : undefined;
    });
    assert.equal(grown, before + 2);
    const age = sampleValue(await scrape(apiMetrics), 'outbox_oldest_row_age_seconds', {
      task: 'send-welcome-email',
    });
    assert.ok(age >= 0);
    recordTranscript(
      'scrape-with-the-worker-stopped',
      backlogFamilies(await scrapeText(apiMetrics)),
    );
  });

  it('when OTEL_EXPORTER_OTLP_PROTOCOL is http/protobuf, then the API exports its spans as protobuf', async () => {
    const port = await freePort();
    const protobuf = startProcess('src/main-api.ts', {
      ...stack.env,
      PORT: String(port),
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
    try {
      await eventually(
        async () => (protobuf.output().includes('API listening') ? true : undefined),
        40_000,
      );
      await fetch(`http://127.0.0.1:${port}/api/health`);

      await eventually(async () =>
        receiver.requests.some(
          (request) =>
            request.path === '/v1/traces' && request.contentType === 'application/x-protobuf',
        )
          ? true
          : undefined,
      );
    } finally {
      protobuf.child.kill('SIGTERM');
      await exitOf(protobuf.child);
    }
  });
});
