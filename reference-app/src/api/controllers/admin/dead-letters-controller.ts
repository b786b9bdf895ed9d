import type { Context } from 'koa';
import type { z } from 'zod';
import type { DeadLetterService } from '../../../services/jobs/dead-letter-service.ts';
import { principalOf } from '../../middlewares/access.ts';
import {
  type deadLetterParams,
  type listDeadLettersQuery,
  type retryManyBody,
  toDeadLetterResponse,
} from '../../validators/dead-letters.ts';

// #region dead-letters-controller
export function makeDeadLettersController({
  deadLetterService,
}: {
  deadLetterService: DeadLetterService;
}) {
  return {
    async list(ctx: Context, { query }: { query: z.output<typeof listDeadLettersQuery> }) {
      ctx.body = {
        items: (await deadLetterService.list(query.limit)).map(toDeadLetterResponse),
      };
    },

    async retry(ctx: Context, { params }: { params: z.output<typeof deadLetterParams> }) {
      ctx.status = 202;
      ctx.body = { outboxId: await deadLetterService.retry(params.id, principalOf(ctx)) };
    },

    async retryMany(ctx: Context, { body }: { body: z.output<typeof retryManyBody> }) {
      const { limit, ...filter } = body;
      ctx.status = 202;
      ctx.body = await deadLetterService.retryMatching(filter, limit, principalOf(ctx));
    },
  };
}
// #endregion dead-letters-controller
