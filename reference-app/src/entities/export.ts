// #region export-entity
export type ExportStatus = 'pending' | 'running' | 'done' | 'failed';

export interface Export {
  id: string;
  kind: 'users';
  requestedBy: string | null;
  status: ExportStatus;
  objectKey: string | null;
  rowCount: number | null;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface ExportView extends Export {
  download: { url: string; expiresAt: Date } | null;
}
// #endregion export-entity

/** One line of the users export: what an administrator may take away, never a password hash. */
export interface UserExportRow {
  id: string;
  email: string;
  name: string;
  status: string;
  createdAt: Date;
}
