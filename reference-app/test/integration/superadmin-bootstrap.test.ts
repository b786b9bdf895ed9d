import assert from 'node:assert/strict';
import { buildContainer } from '../../src/container.ts';
import { RoleRepository } from '../../src/database/repositories/role-repository.ts';
import { startApi, type TestApi } from '../support/api.ts';
import { uniqueEmail } from '../support/data.ts';
import { testConfig } from '../support/environment.ts';

async function bootstrap(email: string, password = 'a long superadmin passphrase') {
  const container = buildContainer(
    testConfig({ SUPERADMIN_EMAIL: email, SUPERADMIN_PASSWORD: password }),
  );
  try {
    const scope = container.createScope();
    return await scope.resolve('superadminBootstrap').run();
  } finally {
    await container.dispose();
  }
}

describe('SuperadminBootstrap (real PostgreSQL)', () => {
  let api: TestApi;
  before(async () => {
    api = await startApi();
  });
  after(() => api.close());

  it('when no user has SUPERADMIN_EMAIL, then one is created with the superadmin role and can sign in', async () => {
    const email = uniqueEmail();

    assert.equal(await bootstrap(email), 'created');

    const login = await api.post('/api/client/auth/login', {
      email,
      password: 'a long superadmin passphrase',
    });
    assert.equal(login.status, 200);
    const roles = await api.get('/api/superadmin/roles', {
      authorization: `Bearer ${login.body.accessToken}`,
    });
    assert.equal(roles.status, 200);
  });

  it('when it runs again, then nothing changes', async () => {
    const email = uniqueEmail();
    await bootstrap(email);

    assert.equal(await bootstrap(email, 'another passphrase entirely'), 'exists');
    const login = await api.post('/api/client/auth/login', {
      email,
      password: 'a long superadmin passphrase',
    });
    assert.equal(login.status, 200, 'the first password still works');
  });

  it('when someone registered with that email first, then they are not promoted', async () => {
    const email = uniqueEmail();
    const registered = await api.post('/api/client/auth/register', {
      email,
      name: 'Squatter',
      password: 'squatter passphrase',
    });

    assert.equal(await bootstrap(email), 'email-taken-by-non-superadmin');
    const roles = await new RoleRepository().rolesOf(
      api.container.cradle.database.handle,
      registered.body.id,
    );
    assert.deepEqual(roles, ['user']);
  });

  it('when SUPERADMIN_EMAIL is not set, then nothing is created', async () => {
    const container = buildContainer(testConfig());
    try {
      assert.equal(
        await container.createScope().resolve('superadminBootstrap').run(),
        'not-configured',
      );
    } finally {
      await container.dispose();
    }
  });
});
