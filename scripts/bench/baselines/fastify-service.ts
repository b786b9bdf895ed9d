// Baseline: the plain Fastify service a reader might write instead of the reference app, doing the
// same work with Fastify's own plugins. Every request gets an id (the caller's, if sane) echoed
// back, `no-store`, the app's security headers (@fastify/helmet, the same options) and CORS
// (@fastify/cors, the same origins and exposed headers), and one access line (pino, Fastify's
// logger, to stdout). GET /api/health answers with no I/O; GET /api/client/me checks the HS256
// token (@fastify/jwt) and runs the same two prepared queries as the node:http baseline, and
// answers through a response schema (Fastify's compiled serializer).
import { randomUUID } from 'node:crypto';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import jwt from '@fastify/jwt';
import Fastify from 'fastify';
import {
  apiSecurityHeaders,
  exposedHeaders,
} from '../../../reference-app/src/api/security-headers.ts';
import { accountOf, liveCaller } from './account-queries.ts';

const SAFE_REQUEST_ID = /^[\w.-]{1,128}$/;
const origins = (process.env.CORS_ORIGINS ?? '').split(',').filter(Boolean);

const app = Fastify({
  logger: { level: 'info' },
  disableRequestLogging: true,
  genReqId: (request) => {
    const incoming = request.headers['x-request-id'];
    return typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  },
});
await app.register(helmet, apiSecurityHeaders);
await app.register(cors, { origin: origins, exposedHeaders });
await app.register(jwt, {
  secret: process.env.JWT_SECRET as string,
  verify: {
    algorithms: ['HS256'],
    allowedIss: 'reference-app',
    allowedAud: 'reference-app',
    requiredClaims: ['exp', 'sub', 'sid'],
  },
});

app.addHook('onRequest', async (request, reply) => {
  reply.header('x-request-id', request.id).header('cache-control', 'no-store');
});
app.addHook('onResponse', async (request, reply) => {
  request.log.info(
    {
      method: request.method,
      path: request.url,
      route: request.routeOptions.url,
      status: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime),
      userId: (request.user as { sub?: string } | undefined)?.sub,
    },
    'request',
  );
});

app.get('/api/health', async () => ({ status: 'ok' }));

const account = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    email: { type: 'string' },
    name: { type: 'string' },
    createdAt: { type: 'string' },
    status: { type: 'string' },
    roles: { type: 'array', items: { type: 'string' } },
  },
} as const;
const failure = {
  type: 'object',
  properties: { error: { type: 'object', properties: { code: { type: 'string' } } } },
} as const;

app.get(
  '/api/client/me',
  { schema: { response: { 200: account, 401: failure, 404: failure } } },
  async (request, reply) => {
    const claims = await request.jwtVerify<{ sub: string; sid: string }>().catch(() => undefined);
    const caller = claims && (await liveCaller(claims.sub, claims.sid));
    if (!caller) return reply.code(401).send({ error: { code: 'UNAUTHENTICATED' } });
    const user = await accountOf(caller.id);
    if (!user) return reply.code(404).send({ error: { code: 'USER_NOT_FOUND' } });
    return user;
  },
);

await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
