// Baseline: Koa and @koa/router with one route and no middleware: the stack with nothing of ours.
import Router from '@koa/router';
import Koa from 'koa';

const router = new Router();
router.get('/api/health', (ctx) => {
  ctx.body = { status: 'ok' };
});

new Koa().use(router.routes()).listen(Number(process.env.PORT), '127.0.0.1');
