import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { runPrepared } from '../../src/libs/database/index.ts';
import { openTestDatabase } from '../support/database.ts';

describe('runPrepared (real PostgreSQL)', () => {
  const database = openTestDatabase();
  const findRole = {
    name: 'test.find-role',
    text: 'SELECT name, built_in AS "builtIn" FROM roles WHERE name = $1',
  };
  after(() => database.close());

  it("when it runs inside a transaction, then it sees that transaction's rows, gone after a rollback", async () => {
    const name = `role-${randomUUID().slice(0, 8)}`;
    let seenInside: unknown[] = [];

    await assert.rejects(
      database.transaction(async (trx) => {
        await trx('roles').insert({
          name,
          description: 'only in this transaction',
          builtIn: false,
        });
        seenInside = await runPrepared(trx, findRole, [name]);
        throw new Error('roll back');
      }),
      /roll back/,
    );

    assert.deepEqual(seenInside, [{ name, builtIn: false }]);
    assert.deepEqual(await runPrepared(database.handle, findRole, [name]), []);
  });

  it('when many calls share the pool, then each connection prepares the statement once and all answer', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => runPrepared(database.handle, findRole, ['user'])),
    );

    for (const rows of answers) assert.deepEqual(rows, [{ name: 'user', builtIn: true }]);
  });

  it('when statements fail, then their connections go back to the pool', async () => {
    const broken = { name: 'test.broken', text: 'SELECT 1 / $1::int AS ratio' };
    // Twice the pool's four connections: a leaked connection would make the last ones wait, then fail.
    for (let attempt = 0; attempt < 8; attempt++) {
      await assert.rejects(runPrepared(database.handle, broken, [0]), /division by zero/);
    }

    assert.deepEqual(await runPrepared(database.handle, broken, [1]), [{ ratio: 1 }]);
  });
});
