import { z } from 'zod';
import type { ExportView } from '../../entities/export.ts';
import { timestamp } from './common.ts';

export const exportParams = z.strictObject({ id: z.uuid() });

export const exportAcceptedResponse = z
  .strictObject({ exportId: z.uuid() })
  .meta({ id: 'ExportAccepted' });

export const exportResponse = z
  .strictObject({
    id: z.uuid(),
    status: z.enum(['pending', 'running', 'done', 'failed']),
    rowCount: z.number().int().nullable(),
    error: z.string().nullable(),
    createdAt: timestamp,
    finishedAt: timestamp.nullable(),
    download: z
      .strictObject({ url: z.url(), expiresAt: timestamp })
      .nullable()
      .meta({ description: 'A time-limited link to the CSV, once the export is done.' }),
  })
  .meta({ id: 'Export' });

// #region export-response
/** Lists its fields one by one: a column added to the entity reaches no client by itself. */
export function toExportResponse(view: ExportView): z.input<typeof exportResponse> {
  return {
    id: view.id,
    status: view.status,
    rowCount: view.rowCount,
    error: view.error,
    createdAt: view.createdAt.toISOString(),
    finishedAt: view.finishedAt?.toISOString() ?? null,
    download: view.download && {
      url: view.download.url,
      expiresAt: view.download.expiresAt.toISOString(),
    },
  };
}
// #endregion export-response
