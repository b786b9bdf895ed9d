import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { z } from 'zod';
import { errorHandler } from '../../src/api/middlewares/error-handler.ts';
import { anyone, type Route, type RouteGroup, route } from '../../src/api/route-definition.ts';
import { buildRouter, type RouterDependencies } from '../../src/api/router.ts';
import { AppError } from '../../src/common/errors.ts';
import { capturedLogger } from '../support/log-capture.ts';

/** A route that answers whatever its query asks for, declaring only USER_NOT_FOUND and 200. */
const probeRoute: Route = route({
  method: 'get',
  operationId: 'answerAsAsked',
  path: '/answer',
  summary: 'Answers as the query says',
  access: anyone,
  usesDatabase: false,
  errors: ['USER_NOT_FOUND'],
  request: { query: z.strictObject({ with: z.string() }) },
  responses: { 200: { description: 'OK', schema: z.strictObject({ ok: z.literal(true) }) } },
  handler: async (ctx, { query }) => {
    if (query.with === 'declared-error') throw new AppError('USER_NOT_FOUND');
    if (query.with === 'undeclared-error') throw new AppError('ROLE_IN_USE');
    if (query.with === 'undeclared-status') ctx.status = 202;
    ctx.body = query.with === 'bad-body' ? { ok: 'yes' } : { ok: true };
  },
});

describe('the route contract, checked outside production', () => {
  const group: RouteGroup = { name: 't', prefix: '/t', description: '', routes: [probeRoute] };
  const servers: Server[] = [];
  after(() => {
    for (const server of servers) server.close();
  });

  async function serve(checkResponses: boolean) {
    const { logger, lines } = capturedLogger('error');
    const app = new Koa();
    app.use(errorHandler(logger));
    // The route is anonymous, takes no rate limit and no key: it needs none of the services.
    app.use(buildRouter([group], {} as RouterDependencies, { checkResponses }).routes());
    const server = createServer(app.callback()).listen(0, '127.0.0.1');
    servers.push(server);
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const answer = async (how: string) => {
      const response = await fetch(`http://127.0.0.1:${port}/t/answer?with=${how}`);
      const body = (await response.json()) as { error?: { code: string } };
      return [response.status, body.error?.code ?? 'ok'];
    };
    return { answer, lines };
  }

  // #region contract-test
  it('when a route answers what it declares, then the answer goes out as it is', async () => {
    const { answer } = await serve(true);

    assert.deepEqual(await answer('success'), [200, 'ok']);
    assert.deepEqual(await answer('declared-error'), [404, 'USER_NOT_FOUND']);
  });

  it('when a route throws a code, answers a status or a body it does not declare, then 500 and the log says which', async () => {
    const { answer, lines } = await serve(true);

    const answers = [
      await answer('undeclared-error'),
      await answer('undeclared-status'),
      await answer('bad-body'),
    ];

    assert.deepEqual(answers, [
      [500, 'INTERNAL'],
      [500, 'INTERNAL'],
      [500, 'INTERNAL'],
    ]);
    const reasons = lines.map((line) => (line.err as { message: string }).message);
    assert.match(reasons[0] ?? '', /answerAsAsked answered ROLE_IN_USE, which it does not declare/);
    assert.match(reasons[1] ?? '', /answerAsAsked answered 202, which it does not declare/);
    assert.match(reasons[2] ?? '', /breaks its schema/);
  });
  // #endregion contract-test

  it('when the check is off (production), then an undeclared code still answers as it is', async () => {
    const { answer } = await serve(false);

    assert.deepEqual(await answer('undeclared-error'), [409, 'ROLE_IN_USE']);
  });
});
