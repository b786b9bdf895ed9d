import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { clientTypesFile, generateClientTypes } from '../../scripts/generate-client.ts';

describe('typed client (client/api-types.ts)', function () {
  this.timeout(60_000);

  // #region client-freshness-test
  it('when the types are generated again from the route table, then they are the committed ones', async () => {
    const committed = readFileSync(clientTypesFile, 'utf8');

    const generated = await generateClientTypes();

    assert.ok(
      generated === committed,
      'client/api-types.ts is stale: the API contract changed. Run npm run client -w reference-app and commit the result.',
    );
  });
  // #endregion client-freshness-test
});
