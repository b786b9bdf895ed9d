import type { Context } from 'koa';
import type { JobService } from '../../../services/jobs/job-service.ts';

export function makeQueuesController({
  jobService,
  queueNames,
}: {
  jobService: JobService;
  queueNames: string[];
}) {
  return {
    async report(ctx: Context) {
      ctx.body = await jobService.report(queueNames);
    },
  };
}
