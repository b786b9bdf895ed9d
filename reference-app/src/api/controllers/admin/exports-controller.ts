import type { Context } from 'koa';
import type { z } from 'zod';
import type { ExportService } from '../../../services/exports/export-service.ts';
import { principalOf } from '../../middlewares/access.ts';
import { type exportParams, toExportResponse } from '../../validators/exports.ts';

// #region exports-controller
export function makeExportsController({ exportService }: { exportService: ExportService }) {
  return {
    async requestUsersExport(ctx: Context) {
      const exportId = await exportService.requestUsersExport(principalOf(ctx));
      ctx.status = 202;
      ctx.set('location', `/api/admin/exports/${exportId}`);
      ctx.body = { exportId };
    },

    async show(ctx: Context, { params }: { params: z.output<typeof exportParams> }) {
      ctx.body = toExportResponse(await exportService.get(params.id));
    },
  };
}
// #endregion exports-controller
