import type { Context } from 'koa';

export function makeOpenApiController({ openApiDocument }: { openApiDocument: object }) {
  return {
    async show(ctx: Context) {
      ctx.body = openApiDocument;
    },
  };
}
