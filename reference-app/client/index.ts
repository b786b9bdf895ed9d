// The API's typed client. Paths, parameters, bodies and answers all come from the OpenAPI document
// (api-types.ts, written by `npm run client`), so a contract change that would break a caller
// fails the caller's type check instead of its users.
import createClient, { type ClientOptions, type Middleware } from 'openapi-fetch';
import type { paths } from './api-types.ts';

export type { components, operations, paths } from './api-types.ts';

export interface ApiClientOptions extends Omit<ClientOptions, 'baseUrl'> {
  /** Read before each request, so that signing in, refreshing or out counts from the next one. */
  accessToken?: () => string | undefined;
}

/** Sends the current access token, unless the request carries its own Authorization. */
function bearer(accessToken: () => string | undefined): Middleware {
  return {
    onRequest({ request }) {
      const token = accessToken();
      if (token && !request.headers.has('authorization')) {
        request.headers.set('authorization', `Bearer ${token}`);
      }
      return request;
    },
  };
}

// #region create-api-client
/** A client of the API at `baseUrl` (its origin: the paths start with /api). */
export function createApiClient(baseUrl: string, options: ApiClientOptions = {}) {
  const { accessToken, ...clientOptions } = options;
  const client = createClient<paths>({ ...clientOptions, baseUrl });
  if (accessToken) client.use(bearer(accessToken));
  return client;
}
// #endregion create-api-client
