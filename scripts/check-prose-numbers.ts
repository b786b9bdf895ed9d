// Sentences cannot quote a number from the code by hand: a page renders it from the code itself
// ({facts.relayBatchSize}, {defaults.PORT}, a component), or marks it as a measurement
// (<Measured>) or as a fact from outside the project (<Standard>). This finds numerals with a unit
// (2 s, 15 minutes, 32 characters, 500 rows) written anywhere else in a page's text.
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { lineAt, listPages, maskCode } from '../docs/plugins/snippet-tags.ts';

export type NumberProblem = { page: string; line: number; text: string };

const UNITS =
  'ms|s|seconds?|minutes?|min|hours?|days?|characters?|bytes?|[KMG]i?B|kB|connections?|rows|jobs|requests|retries|attempts|tries';
// A numeral (1, 2.5, 20 000, 1,000) and its unit; the lookbehind skips parts of words and versions.
const NUMBER_WITH_UNIT = new RegExp(
  `(?<![\\w.$-])\\d{1,3}(?:[ ,\\u202f]\\d{3})*(?:\\.\\d+)?(?: (?:${UNITS})|(?:ms|[KMG]i?B|kB))\\b`,
  'g',
);
const ALLOWED = /<(Measured|Standard)>[\s\S]*?<\/\1>/g;
const EXPRESSION = /\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}/g;
const COMPONENT = /<[A-Z]\w*\b[^>]*\/>/g;

const blank = (text: string) => text.replace(/[^\n]/g, ' ');

// #region prose-number-problems
/** Every numeral with a unit in the pages' text that is neither rendered nor marked. */
export function proseNumberProblems(pagesDir: string, rootDir: string): NumberProblem[] {
  return listPages(pagesDir).flatMap((path) => {
    const { masked } = maskCode(readFileSync(path, 'utf8'));
    const text = masked
      .replace(ALLOWED, blank)
      .replace(EXPRESSION, blank)
      .replace(COMPONENT, blank);
    return [...text.matchAll(NUMBER_WITH_UNIT)].map((match) => ({
      page: relative(rootDir, path),
      line: lineAt(text, match.index),
      text: match[0],
    }));
  });
}
// #endregion prose-number-problems

if (import.meta.main) {
  const rootDir = process.cwd();
  const problems = proseNumberProblems(resolve(rootDir, 'docs/content/docs'), rootDir);
  if (problems.length) {
    console.error(`prose numbers: ${problems.length} typed by hand`);
    for (const { page, line, text } of problems) {
      console.error(
        `  ${page}:${line}: "${text}": render it from the code ({facts…}, {defaults…}), or mark it <Measured> or <Standard>`,
      );
    }
    process.exit(1);
  }
  console.log('prose numbers: every number with a unit is rendered from the code or marked');
}
