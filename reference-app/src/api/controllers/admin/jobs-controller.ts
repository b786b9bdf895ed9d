import type { Context } from 'koa';
import type { z } from 'zod';
import { toDeadLetterResponse, toExportResponse } from '../../../helpers/job-response.ts';
import type { ExportService } from '../../../services/exports/export-service.ts';
import type { JobService } from '../../../services/jobs/job-service.ts';
import { principalOf } from '../../middlewares/access.ts';
import type {
  deadLetterParams,
  exportParams,
  listDeadLettersQuery,
} from '../../validators/jobs.ts';

// #region jobs-controller
export function makeJobsController({
  exportService,
  jobService,
}: {
  exportService: ExportService;
  jobService: JobService;
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
        items: (await jobService.listDeadLetters(query.limit)).map(toDeadLetterResponse),
      };
    },

    async retryFailed(ctx: Context, { params }: { params: z.output<typeof deadLetterParams> }) {
      ctx.status = 202;
      ctx.body = { outboxId: await jobService.retryDeadLetter(params.id) };
    },
  };
}
// #endregion jobs-controller
