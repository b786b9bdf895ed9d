import { apiMemoryTarget, compareServers } from '../compare.ts';
import { type Figure, target } from '../results.ts';
import { appEntry, appEnvironment, type BenchRun, baseline } from '../run.ts';

export async function healthFigure(run: BenchRun): Promise<Figure> {
  const subjects = await compareServers(
    {
      subjects: [
        { name: 'reference app', file: appEntry, env: appEnvironment(run) },
        { name: 'bare Koa', file: baseline('bare-koa.ts'), env: {} },
        { name: 'node:http', file: baseline('bare-http.ts'), env: {} },
      ],
      path: '/api/health',
    },
    run.shape,
  );
  const bareKoa = subjects.find((subject) => subject.name === 'bare Koa');
  return {
    id: 'health',
    title: 'GET /api/health',
    method:
      'Every middleware of the app (request id, access log, errors, security headers, CORS, JSON body, container, access check) in front of a handler with no I/O, against Koa with @koa/router and one route, and against node:http alone.',
    subjects,
    targets: [
      target('at least 0.90 of bare Koa', bareKoa?.appRatio ?? 0, 'min', 0.9),
      apiMemoryTarget(subjects),
    ],
  };
}
