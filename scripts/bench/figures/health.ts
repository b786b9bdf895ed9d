import { compareServers, cpuTarget, memoryTarget } from '../compare.ts';
import type { Figure } from '../results.ts';
import { appEntry, appEnvironment, type BenchRun, baseline, fastifyEnvironment } from '../run.ts';

export async function healthFigure(run: BenchRun): Promise<Figure> {
  const subjects = await compareServers(
    {
      subjects: [
        { name: 'reference app', file: appEntry, env: appEnvironment(run) },
        { name: 'Fastify', file: baseline('fastify-service.ts'), env: fastifyEnvironment(run) },
        { name: 'bare Koa', file: baseline('bare-koa.ts'), env: {} },
        { name: 'node:http', file: baseline('bare-http.ts'), env: {} },
      ],
      path: '/api/health',
      oneAtATime: 'apart',
    },
    run.shape,
  );
  return {
    id: 'health',
    title: 'GET /api/health',
    method:
      'Every middleware of the app (request id, access log, errors, no-store, load shedding, security headers, CORS, JSON body, access check) in front of a handler with no I/O; against a Fastify service with the same production concerns (request id, no-store, the same security headers and CORS, one access line), against Koa with @koa/router and one route, and against node:http alone.',
    subjects,
    targets: [cpuTarget(subjects, 'bare Koa', 0.7), memoryTarget([subjects[0]])],
  };
}
