import type { Context } from 'koa';
import type { z } from 'zod';
import { toDeadLetterResponse, toExportResponse } from '../../../helpers/job-response.ts';
import type { ExportService } from '../../../services/exports/export-service.ts';
import type { DeadLetterService } from '../../../services/jobs/dead-letter-service.ts';
import { principalOf } from '../../middlewares/access.ts';
import type {
  deadLetterParams,
  exportParams,
  listDeadLettersQuery,
  retryManyBody,
} from '../../validators/jobs.ts';

// #region jobs-controller
export function makeJobsController({
  exportService,
  deadLetterService,
}: {
  exportService: ExportService;
  deadLetterService: DeadLetterService;
}) {
  return {
    async requestUsersExport(ctx: Context) {
      const exportId = await exportService.requestUsersExport(principalOf(ctx));
      ctx.status = 202;
      ctx.set('location', `/api/admin/exports/${exportId}`);
      ctx.body = { exportId };
    },

    async showExport(ctx: Context, { params }: { params: z.output<typeof exportParams> }) {
      ctx.body = toExportResponse(await exportService.get(params.id));
    },

    async listFailed(ctx: Context, { query }: { query: z.output<typeof listDeadLettersQuery> }) {
      ctx.body = {
        items: (await deadLetterService.list(query.limit)).map(toDeadLetterResponse),
      };
    },

    async retryFailed(ctx: Context, { params }: { params: z.output<typeof deadLetterParams> }) {
      ctx.status = 202;
      ctx.body = { outboxId: await deadLetterService.retry(params.id, principalOf(ctx)) };
    },

    async retryManyFailed(ctx: Context, { body }: { body: z.output<typeof retryManyBody> }) {
      const { limit, ...filter } = body;
      ctx.status = 202;
      ctx.body = await deadLetterService.retryMatching(filter, limit, principalOf(ctx));
    },
  };
}
// #endregion jobs-controller
