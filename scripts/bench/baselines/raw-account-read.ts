// Baseline: GET /api/client/me by hand, with node:http, pg and fast-jwt and no framework. It checks
// what the app checks (an HS256 token from this issuer, a live session of an active user, and
// that user's roles), then reads the same account, with prepared statements. It checks the token
// with the app's library, so that the ratio measures the app's layers, not a choice of library.
import { createServer, type ServerResponse } from 'node:http';
import { createVerifier } from 'fast-jwt';
import { accountOf, liveCaller } from './account-queries.ts';

const verifyToken = createVerifier({
  key: process.env.JWT_SECRET as string,
  algorithms: ['HS256'],
  allowedIss: 'reference-app',
  allowedAud: 'reference-app',
  requiredClaims: ['exp', 'sub', 'sid'],
});

function send(response: ServerResponse, status: number, body: unknown) {
  const json = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
  });
  response.end(json);
}

function claimsOf(token: string): { sub?: unknown; sid?: unknown } | undefined {
  try {
    return verifyToken(token);
  } catch {
    return undefined;
  }
}

async function callerOf(authorization: string | undefined) {
  const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
  const claims = token ? claimsOf(token) : undefined;
  if (typeof claims?.sub !== 'string' || typeof claims.sid !== 'string') return undefined;
  return liveCaller(claims.sub, claims.sid);
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
