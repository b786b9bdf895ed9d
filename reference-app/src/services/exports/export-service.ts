import { addAbortSignal, pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { AppError } from '../../common/errors.ts';
import { currentContext } from '../../common/request-context.ts';
import type { ExportRepository } from '../../database/repositories/export-repository.ts';
import type { OutboxRepository } from '../../database/repositories/outbox-repository.ts';
import type { UserRepository } from '../../database/repositories/user-repository.ts';
import type { ExportView, UserExportRow } from '../../entities/export.ts';
import type { Principal } from '../../entities/session.ts';
import { spreadsheetSafe } from '../../helpers/spreadsheet-safe.ts';
import type { Database } from '../../libs/database/index.ts';
import type { ObjectStorage } from '../../libs/s3/index.ts';

interface ExportServiceDeps {
  config: { EXPORT_URL_TTL_SECONDS: number };
  database: Database;
  exportRepository: ExportRepository;
  outboxRepository: OutboxRepository;
  userRepository: UserRepository;
  objectStorage: ObjectStorage;
}

async function* csvRecords(rows: AsyncIterable<UserExportRow>, counted: { rows: number }) {
  for await (const row of rows) {
    counted.rows += 1;
    yield [
      row.id,
      spreadsheetSafe(row.email),
      spreadsheetSafe(row.name),
      row.status,
      row.createdAt.toISOString(),
    ];
  }
}

// #region export-service
export class ExportService {
  readonly #deps: ExportServiceDeps;

  constructor(deps: ExportServiceDeps) {
    this.#deps = deps;
  }

  // #region request-users-export
  /** Records the request and asks the worker for it, in one transaction. */
  async requestUsersExport(actor: Principal): Promise<string> {
    const { database, exportRepository, outboxRepository } = this.#deps;
    return database.transaction(async (trx) => {
      const exportId = await exportRepository.create(trx, actor.userId);
      await outboxRepository.add(trx, {
        task: 'export-users',
        payload: { exportId },
        requestId: currentContext()?.requestId,
      });
      return exportId;
    });
  }
  // #endregion request-users-export

  /** The export's state, and a time-limited download link once it is done. */
  async get(exportId: string): Promise<ExportView> {
    const { database, exportRepository, objectStorage, config } = this.#deps;
    const found = await exportRepository.find(database.handle, exportId);
    if (!found) throw new AppError('EXPORT_NOT_FOUND', { details: { id: exportId } });
    if (found.status !== 'done' || !found.objectKey) return { ...found, download: null };
    const expiresIn = config.EXPORT_URL_TTL_SECONDS;
    return {
      ...found,
      download: {
        url: await objectStorage.downloadUrl(found.objectKey, expiresIn),
        expiresAt: new Date(Date.now() + expiresIn * 1000),
      },
    };
  }

  // #region run-users-export
  /** Streams every user from PostgreSQL through CSV into object storage, page by page. */
  async runUsersExport(
    exportId: string,
    { signal, jobId }: { signal: AbortSignal; jobId: string },
  ): Promise<string> {
    const { database, exportRepository, outboxRepository, userRepository, objectStorage } =
      this.#deps;
    const found = await exportRepository.find(database.handle, exportId);
    if (!found) return 'export-gone';
    if (found.status === 'done') return 'already-done';
    await exportRepository.markRunning(database.handle, exportId);
    const objectKey = `exports/users/${exportId}.csv`;
    const counted = { rows: 0 };
    try {
      const csv = pipeline(
        Readable.from(csvRecords(userRepository.streamForExport(database.handle), counted)),
        stringify({ header: true, columns: ['id', 'email', 'name', 'status', 'created_at'] }),
        // An error at any stage destroys them all; the upload then rejects with it.
        () => {},
      );
      await objectStorage.upload(objectKey, addAbortSignal(signal, csv), 'text/csv; charset=utf-8');
      await database.transaction(async (trx) => {
        await exportRepository.markDone(trx, exportId, { objectKey, rowCount: counted.rows });
        await outboxRepository.acknowledge(trx, jobId);
      });
      return `done: ${counted.rows} rows`;
    } catch (error) {
      await exportRepository.markFailed(database.handle, exportId, (error as Error).message);
      throw error;
    }
  }
  // #endregion run-users-export
}
// #endregion export-service
