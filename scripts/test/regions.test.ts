import assert from 'node:assert/strict';
import { extractRegion, listRegions } from '../../docs/plugins/regions.ts';

function lines(...text: string[]): string {
  return text.join('\n');
}

describe('extractRegion', () => {
  it('when a TS region is asked for, then only its dedented body is returned', () => {
    // Arrange
    const source = lines(
      'const before = 1;',
      'class A {',
      '  // #region body',
      '  run() {',
      '    return 1;',
      '  }',
      '  // #endregion body',
      '}',
    );

    // Act
    const code = extractRegion(source, 'body', 'a.ts');

    // Assert
    assert.equal(code, lines('run() {', '  return 1;', '}'));
  });

  it('when the region holds nested regions, then their marker lines are removed too', () => {
    // Arrange
    const source = lines(
      '// #region outer',
      'a();',
      '// #region inner',
      'b();',
      '// #endregion inner',
      'c();',
      '// #endregion outer',
    );

    // Act
    const code = extractRegion(source, 'outer', 'a.ts');

    // Assert
    assert.equal(code, lines('a();', 'b();', 'c();'));
  });

  it('when no region is given, then the whole file is returned without any marker line', () => {
    // Arrange
    const source = lines('', '-- #region t', 'SELECT 1;', '-- #endregion t', '', '');

    // Act
    const code = extractRegion(source, undefined, 'q.sql');

    // Assert
    assert.equal(code, 'SELECT 1;');
  });

  it('when SQL and YAML markers are used, then both are recognised', () => {
    // Arrange
    const sql = lines('-- #region q', 'SELECT 1;', '-- #endregion q');
    const yaml = lines('# #region svc', 'image: redis', '# #endregion svc');

    // Act
    const extracted = [extractRegion(sql, 'q', 'q.sql'), extractRegion(yaml, 'svc', 'c.yaml')];

    // Assert
    assert.deepEqual(extracted, ['SELECT 1;', 'image: redis']);
  });

  it('when the region is surrounded by blank lines inside, then they are trimmed', () => {
    // Arrange
    const source = lines('// #region r', '', '  x();', '', '  y();', '   ', '// #endregion r');

    // Act
    const code = extractRegion(source, 'r', 'a.ts');

    // Assert
    assert.equal(code, lines('x();', '', 'y();'));
  });

  it('when #endregion has no name, then it closes the innermost open region', () => {
    // Arrange
    const source = lines(
      '// #region outer',
      '// #region inner',
      'b();',
      '// #endregion',
      'c();',
      '// #endregion',
    );

    // Act
    const inner = extractRegion(source, 'inner', 'a.ts');
    const outer = extractRegion(source, 'outer', 'a.ts');

    // Assert
    assert.deepEqual([inner, outer], ['b();', lines('b();', 'c();')]);
  });

  it('when the region is missing, then the error names the region and the file', () => {
    // Arrange
    const source = lines('// #region present', 'x();', '// #endregion present');

    // Act
    const act = () => extractRegion(source, 'absent', 'src/a.ts');

    // Assert
    assert.throws(act, /region "absent" not found in src\/a\.ts \(regions there: present\)/);
  });

  it('when a region name is declared twice, then it throws naming both lines', () => {
    // Arrange
    const source = lines('// #region r', '// #endregion r', '// #region r', '// #endregion r');

    // Act
    const act = () => extractRegion(source, 'r', 'a.ts');

    // Assert
    assert.throws(act, /a\.ts:3: region "r" is declared twice \(first at line 1\)/);
  });

  it('when a region is never closed, then it throws naming the region', () => {
    // Arrange
    const source = lines('x();', '// #region open', 'y();');

    // Act
    const act = () => extractRegion(source, undefined, 'a.ts');

    // Assert
    assert.throws(act, /a\.ts:2: region "open" is never closed/);
  });

  it('when an #endregion has no matching #region, then it throws', () => {
    // Arrange
    const source = lines('// #region a', '// #endregion b', '// #endregion a');

    // Act
    const act = () => extractRegion(source, 'a', 'a.ts');

    // Assert
    assert.throws(act, /a\.ts:2: "#endregion b" has no matching "#region"/);
  });

  it('when a region name contains a space, then it throws instead of treating the marker as code', () => {
    // Arrange
    const source = lines('// #region two words', 'x();', '// #endregion two words');

    // Act
    const act = () => extractRegion(source, undefined, 'a.ts');

    // Assert
    assert.throws(act, /a\.ts:1: region name "two words" must not contain spaces/);
  });
});

describe('listRegions', () => {
  it('when regions are nested, then they are listed in declaration order', () => {
    // Arrange
    const source = lines('// #region b', '// #region a', '// #endregion a', '// #endregion b');

    // Act
    const names = listRegions(source);

    // Assert
    assert.deepEqual(names, ['b', 'a']);
  });
});
