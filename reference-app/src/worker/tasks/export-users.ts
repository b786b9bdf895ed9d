import type { TaskPayloads } from '../../entities/tasks.ts';
import type { ExportService } from '../../services/exports/export-service.ts';
import type { TaskContext } from './task-context.ts';

// #region export-users-task
/** Idempotent: a finished export is left alone; a rerun rewrites the same object key. */
export function makeExportUsersTask({ exportService }: { exportService: ExportService }) {
  return (payload: TaskPayloads['export-users'], { signal, jobId }: TaskContext) =>
    exportService.runUsersExport(payload.exportId, { signal, jobId });
}
// #endregion export-users-task
