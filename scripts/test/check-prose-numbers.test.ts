import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { proseNumberProblems } from '../check-prose-numbers.ts';

describe('proseNumberProblems', () => {
  let site: string;

  /** A one-page site whose page says `body`; the problems found in it, as "line: text". */
  function problemsOf(body: string): string[] {
    writeFileSync(join(site, 'pages', 'page.mdx'), `---\ntitle: A page\n---\n\n${body}\n`);
    return proseNumberProblems(join(site, 'pages'), site).map(
      ({ line, text }) => `${line}: ${text}`,
    );
  }

  beforeEach(() => {
    site = mkdtempSync(join(tmpdir(), 'check-prose-numbers-'));
    mkdirSync(join(site, 'pages'));
  });
  afterEach(() => rmSync(site, { recursive: true, force: true }));

  it('when a sentence types a number with its unit, then each is named with its line', () => {
    const problems = problemsOf(
      'The relay publishes 500 rows at a time.\nIt waits 2 s, then 15 minutes, and keys have 32 characters.',
    );

    assert.deepEqual(problems, ['5: 500 rows', '6: 2 s', '6: 15 minutes', '6: 32 characters']);
  });

  it('when the number is rendered from the code, or marked a measurement or a standard, then nothing is found', () => {
    const problems = problemsOf(
      [
        'The relay publishes {facts.relayBatchSize} rows and waits {duration(facts.publishTimeoutMs)}.',
        'It ran <Measured>4 800 jobs</Measured> per second; a hash takes <Standard>19 MiB</Standard>.',
      ].join('\n'),
    );

    assert.deepEqual(problems, []);
  });

  it('when a number sits in code, a component or without a unit, then it is not a sentence’s number', () => {
    const problems = problemsOf(
      [
        '`RELAY_BATCH_SIZE = 500 rows` in code, HTTP 503s, version 2.5, five groups.',
        '<Snippet file="x.ts" region="wait-2-s" />',
        '```sh\nsleep 5 s\n```',
      ].join('\n'),
    );

    assert.deepEqual(problems, []);
  });
});
