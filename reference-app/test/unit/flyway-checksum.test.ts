import assert from 'node:assert/strict';
import { flywayChecksum } from '../../src/database/migrator.ts';

// #region flyway-checksum-test
/**
 * V3__Couple.sql and the checksum Flyway recorded for it, from Flyway's own documentation: the
 * dry-run tutorial shows the script and the INSERT into flyway_schema_history that Flyway wrote
 * (github.com/flyway/flyway, documentation/Reference/Tutorials/Tutorial - Dry Runs.md, Flyway
 * 13.0.0). The two trailing spaces are the tutorial's own.
 */
const couple = [
  'create table COUPLE (',
  '    ID int not null,',
  '    PERSON1 int not null references PERSON(ID), ',
  '    PERSON2 int not null references PERSON(ID) ',
  ');',
];
const flywaysChecksumOfCouple = -722651034;

describe("Flyway's checksum", () => {
  it('when computed for a script Flyway migrated, then it is the checksum Flyway recorded', () => {
    assert.equal(flywayChecksum(`${couple.join('\n')}\n`), flywaysChecksumOfCouple);
  });

  it('when the same script has other line endings or a byte-order mark, then the checksum is the same', () => {
    const variants = [
      couple.join('\r\n'),
      `${couple.join('\r')}\r`,
      `\uFEFF${couple.join('\n')}`,
      `${couple.join('\n')}\n\n`,
    ];

    assert.deepEqual(
      variants.map(flywayChecksum),
      variants.map(() => flywaysChecksumOfCouple),
    );
  });

  it('when a character of the script changes, then so does the checksum', () => {
    const edited = couple.join('\n').replace('COUPLE', 'COUPLES');

    assert.notEqual(flywayChecksum(edited), flywaysChecksumOfCouple);
  });
});
// #endregion flyway-checksum-test
