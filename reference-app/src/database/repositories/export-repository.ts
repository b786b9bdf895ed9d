import type { Export } from '../../entities/export.ts';
import type { DbHandle } from '../../libs/database/index.ts';

const columns = [
  'id',
  'kind',
  'requestedBy',
  'status',
  'objectKey',
  'rowCount',
  'error',
  'createdAt',
  'finishedAt',
];

export class ExportRepository {
  async create(db: DbHandle, requestedBy: string): Promise<string> {
    const [row] = await db('exports').insert({ kind: 'users', requestedBy }).returning('id');
    return (row as { id: string }).id;
  }

  async find(db: DbHandle, id: string): Promise<Export | undefined> {
    return db('exports').where({ id }).first(columns);
  }

  async markRunning(db: DbHandle, id: string): Promise<void> {
    await db('exports')
      .where({ id })
      .update({ status: 'running', startedAt: db.fn.now(), error: null });
  }

  async markDone(
    db: DbHandle,
    id: string,
    result: { objectKey: string; rowCount: number },
  ): Promise<void> {
    await db('exports')
      .where({ id })
      .update({ status: 'done', ...result, finishedAt: db.fn.now() });
  }

  async markFailed(db: DbHandle, id: string, error: string): Promise<void> {
    await db('exports').where({ id }).update({ status: 'failed', error, finishedAt: db.fn.now() });
  }
}
