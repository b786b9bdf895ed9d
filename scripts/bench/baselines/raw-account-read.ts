// Baseline: GET /api/client/me by hand, with node:http, pg and jose and no framework. It checks
// what the app checks (an HS256 token from this issuer, a live session of an active user, and
// that user's roles), then reads the same account, with prepared statements.
import { createSecretKey } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import { jwtVerify } from 'jose';
import pg from 'pg';

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_MAX ?? 10),
});
const key = createSecretKey(process.env.JWT_SECRET as string, 'utf8').toCryptoKey(
  { name: 'HMAC', hash: 'SHA-256' },
  false,
  ['verify'],
);
const rolesOfUser = 'array(SELECT role_name FROM user_roles WHERE user_id = users.id ORDER BY 1)';
const liveSession = {
  name: 'live-session',
  text: `SELECT users.id, users.status, ${rolesOfUser} AS roles
    FROM sessions JOIN users ON users.id = sessions.user_id
    WHERE sessions.id = $1 AND sessions.revoked_at IS NULL AND sessions.expires_at > now()
      AND users.deleted_at IS NULL`,
};
const account = {
  name: 'account',
  text: `SELECT id, email, name, status, created_at, ${rolesOfUser} AS roles
    FROM users WHERE id = $1 AND deleted_at IS NULL`,
};

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
  const { rows } = await pool.query({ ...liveSession, values: [payload.sid] });
  const session = rows[0];
  return session?.id === payload.sub && session.status === 'active' ? session : undefined;
}

createServer(async (request, response) => {
  if (request.method !== 'GET' || request.url !== '/api/client/me') return send(response, 404, {});
  try {
    const caller = await callerOf(request.headers.authorization);
    if (!caller) return send(response, 401, { error: { code: 'UNAUTHENTICATED' } });
    const { rows } = await pool.query({ ...account, values: [caller.id] });
    const user = rows[0];
    if (!user) return send(response, 404, { error: { code: 'USER_NOT_FOUND' } });
    send(response, 200, {
      id: user.id,
      email: user.email,
      name: user.name,
      createdAt: user.created_at.toISOString(),
      status: user.status,
      roles: user.roles,
    });
  } catch {
    send(response, 500, { error: { code: 'INTERNAL' } });
  }
}).listen(Number(process.env.PORT), '127.0.0.1');
