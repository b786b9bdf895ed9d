import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiApp } from '../../src/api/app.ts';
import { buildContainer } from '../../src/container.ts';
import { testConfig } from './environment.ts';
import { record } from './recorder.ts';

export interface TestResponse {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests assert on the JSON shape they expect.
  body: any;
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Records the exchange under this name for the docs (see support/recorder.ts). */
  record?: string;
}

async function call(
  url: string,
  method: string,
  { body, headers = {}, record: recordAs }: RequestOptions,
): Promise<TestResponse> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined || typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  if (recordAs) {
    const { pathname, search } = new URL(url);
    const requestHeaders =
      body === undefined ? headers : { 'content-type': 'application/json', ...headers };
    record(recordAs, {
      method,
      path: `${pathname}${search}`,
      requestHeaders,
      requestBody: body,
      status: response.status,
      responseHeaders: response.headers,
      responseText: text,
    });
  }
  const isJson = response.headers.get('content-type')?.includes('json');
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: isJson ? JSON.parse(text) : undefined,
  };
}

type ContainerOverrides = Parameters<typeof buildContainer>[1];

/** The real app, on a random port, with the real container (pieces may be swapped per test). */
export async function startApi(
  options: { env?: NodeJS.ProcessEnv; overrides?: ContainerOverrides } = {},
) {
  const container = buildContainer(testConfig(options.env), options.overrides);
  const server = createServer(createApiApp(container.cradle).callback());
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    container,
    request: (method: string, path: string, options: RequestOptions = {}) =>
      call(`${url}${path}`, method, options),
    get: (path: string, headers: Record<string, string> = {}) =>
      call(`${url}${path}`, 'GET', { headers }),
    post: (path: string, body?: unknown, headers: Record<string, string> = {}) =>
      call(`${url}${path}`, 'POST', { body, headers }),
    delete: (path: string, headers: Record<string, string> = {}) =>
      call(`${url}${path}`, 'DELETE', { headers }),
    async close() {
      server.closeAllConnections();
      server.close();
      await container.dispose();
    },
  };
}

export type TestApi = Awaited<ReturnType<typeof startApi>>;

/** Runs `test` against an API of its own, built with `env`, and closes it whatever happens. */
export async function withApi(env: NodeJS.ProcessEnv, test: (api: TestApi) => Promise<void>) {
  const api = await startApi({ env });
  try {
    await test(api);
  } finally {
    await api.close();
  }
}
