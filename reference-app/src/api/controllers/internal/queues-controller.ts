import type { Context } from 'koa';
import type { QueueReportService } from '../../../services/jobs/queue-report-service.ts';

export function makeQueuesController({
  queueReportService,
}: {
  queueReportService: QueueReportService;
}) {
  return {
    async report(ctx: Context) {
      ctx.body = await queueReportService.report();
    },
  };
}
