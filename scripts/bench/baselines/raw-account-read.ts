// Baseline: GET /api/client/me by hand, with node:http, pg and jose and no framework. It checks
// what the app checks (an HS256 token from this issuer, a live session of an active user, and
// that user's roles), then reads the same account, with prepared statements.
import { createSecretKey } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import { jwtVerify } from 'jose';
import { accountOf, liveCaller } from './account-queries.ts';

const key = createSecretKey(process.env.JWT_SECRET as string, 'utf8').toCryptoKey(
  { name: 'HMAC', hash: 'SHA-256' },
  false,
  ['verify'],
);

function send(response: ServerResponse, status: number, body: unknown) {
  const json = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
  });
  response.end(json);
}

async function callerOf(authorization: string | undefined) {
  const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
  if (!token) return undefined;
  const { payload } = await jwtVerify(token, key, {
    algorithms: ['HS256'],
    issuer: 'reference-app',
    audience: 'reference-app',
  }).catch(() => ({ payload: undefined }));
  if (typeof payload?.sub !== 'string' || typeof payload.sid !== 'string') return undefined;
  return liveCaller(payload.sub, payload.sid);
}

createServer(async (request, response) => {
  if (request.method !== 'GET' || request.url !== '/api/client/me') return send(response, 404, {});
  try {
    const caller = await callerOf(request.headers.authorization);
    if (!caller) return send(response, 401, { error: { code: 'UNAUTHENTICATED' } });
    const user = await accountOf(caller.id);
    if (!user) return send(response, 404, { error: { code: 'USER_NOT_FOUND' } });
    send(response, 200, user);
  } catch {
    send(response, 500, { error: { code: 'INTERNAL' } });
  }
}).listen(Number(process.env.PORT), '127.0.0.1');
