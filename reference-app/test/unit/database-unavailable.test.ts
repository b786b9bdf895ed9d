import assert from 'node:assert/strict';
import { isDatabaseUnavailable } from '../../src/libs/database/index.ts';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it('when the network or PostgreSQL says "not now", then it is unavailable, through any wrapper', () => {
    const cases = [
      withCode('ECONNREFUSED'),
      withCode('57P01', 'terminating connection due to administrator command'),
      withCode('57014', 'canceling statement due to statement timeout'),
      withCode('08006'),
      new Error('Connection terminated unexpectedly'),
      new Error('Query read timeout'),
      Object.assign(new Error('Knex: Timeout acquiring a connection.'), {
        name: 'KnexTimeoutError',
      }),
      Object.assign(new Error('wrapped'), { nativeError: withCode('ECONNRESET') }),
      new Error('outer', { cause: new AggregateError([withCode('ECONNREFUSED')]) }),
    ];

    assert.deepEqual(
      cases.map((error) => isDatabaseUnavailable(error)),
      cases.map(() => true),
    );
  });

  it('when the request itself is at fault, then it is not, even if the message quotes the words', () => {
    const cases = [
      withCode('23505', 'duplicate key value violates unique constraint'),
      withCode(
        '22021',
        "insert into users values ('Connection terminated') - invalid byte sequence",
      ),
      new Error('Cannot read properties of undefined'),
      undefined,
    ];

    assert.deepEqual(
      cases.map((error) => isDatabaseUnavailable(error)),
      cases.map(() => false),
    );
  });
});
