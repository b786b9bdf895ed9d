import autocannon from 'autocannon';

export interface LoadTarget {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Varies each request: a new body for every write, another caller's token for every read. */
  vary?: () => { body?: string; headers?: Record<string, string> };
}

/** A target that is one server of ours, whose CPU time can be read. */
export interface ServerTarget extends LoadTarget {
  /** CPU time the server has used so far, in seconds. */
  cpuSeconds: () => number;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** The server's CPU time per request served in the measured run, in microseconds. */
  cpuMicrosPer: number;
  /** Answers outside 2xx, errors and timeouts: any of them makes the figure worthless. */
  failures: number;
}

export interface LoadShape {
  connections: number;
  /** Once per server, before its first round. */
  firstWarmupSeconds: number;
  /** Before each measured run. */
  warmupSeconds: number;
  seconds: number;
}

function fire(target: LoadTarget, connections: number, seconds: number) {
  const { vary } = target;
  return autocannon({
    url: target.url,
    method: target.method ?? 'GET',
    headers: target.headers ?? {},
    connections,
    duration: seconds,
    requests: vary
      ? [
          {
            setupRequest: (request) => {
              const { body, headers } = vary();
              return {
                ...request,
                body: body ?? request.body,
                headers: { ...request.headers, ...headers },
              };
            },
          },
        ]
      : undefined,
  });
}

/** Load that is thrown away: the JIT, the pools and the caches warm up before any round. */
export async function warmUp(target: LoadTarget, shape: LoadShape): Promise<void> {
  if (shape.firstWarmupSeconds > 0) await fire(target, shape.connections, shape.firstWarmupSeconds);
}

/**
 * A short warm-up that is thrown away (the previous subject's load has just stopped), then the measured run, with the server's
 * CPU time read on both sides of it.
 */
export async function measureLoad(target: ServerTarget, shape: LoadShape): Promise<LoadResult> {
  if (shape.warmupSeconds > 0) await fire(target, shape.connections, shape.warmupSeconds);
  const cpuBefore = target.cpuSeconds();
  const result = await fire(target, shape.connections, shape.seconds);
  const cpuUsed = target.cpuSeconds() - cpuBefore;
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    cpuMicrosPer: (cpuUsed * 1e6) / result.requests.total,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}
