import type { ExportView } from '../entities/export.ts';
import type { DeadLetter } from '../entities/jobs.ts';

// #region job-response
export function toExportResponse(view: ExportView) {
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

export function toDeadLetterResponse(deadLetter: DeadLetter) {
  return {
    ...deadLetter,
    failedAt: deadLetter.failedAt.toISOString(),
    retriedAt: deadLetter.retriedAt?.toISOString() ?? null,
  };
}
// #endregion job-response
