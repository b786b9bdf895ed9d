import { z } from 'zod';
import type { FieldProblem, InputLocation } from '../../common/errors.ts';

// #region text-problems
// C0 controls but tab, line feed and carriage return; DEL; C1 controls. PostgreSQL refuses U+0000
// in text, and the others have no business in a name, a search or a description.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point.
const controlCharacter = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** What is wrong with one string, to follow "contains", or undefined. */
function problemWith(text: string): string | undefined {
  if (!text.isWellFormed()) return 'a lone surrogate: not valid Unicode text';
  const control = controlCharacter.exec(text)?.[0];
  if (control === undefined) return undefined;
  const codePoint = control.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0');
  return `the control character U+${codePoint}; only tab, line feed and carriage return are allowed`;
}

interface Visit {
  value: unknown;
  key: string | undefined;
  parent: Visit | undefined;
}

/** The dotted path of a value, built only for the few values that have a problem. */
function pathOf(visit: Visit): string | null {
  const keys: string[] = [];
  for (let at: Visit | undefined = visit; at?.key !== undefined; at = at.parent) keys.push(at.key);
  return keys.reverse().join('.') || null;
}

/** Enough to fix a request by; a hostile body could otherwise ask for thousands. */
export const MAX_TEXT_PROBLEMS = 100;

/**
 * Every string of one parsed part of a request, keys included, that no column should hold. Walked
 * without recursion and with no path copied per value: a body may nest arrays thousands deep.
 */
export function textProblems(value: unknown, location: InputLocation): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const visits: Visit[] = [{ value, key: undefined, parent: undefined }];
  for (let index = 0; index < visits.length && problems.length < MAX_TEXT_PROBLEMS; index++) {
    const visit = visits[index] as Visit;
    const problem = typeof visit.value === 'string' ? problemWith(visit.value) : undefined;
    if (problem) problems.push({ field: pathOf(visit), location, message: `Contains ${problem}` });
    if (typeof visit.value !== 'object' || visit.value === null) continue;
    for (const [key, child] of Object.entries(visit.value)) {
      const childVisit = { value: child, key, parent: visit };
      const keyProblem = problemWith(key);
      const message = `The field name contains ${keyProblem}`;
      if (keyProblem) problems.push({ field: pathOf(childVisit), location, message });
      visits.push(childVisit);
    }
  }
  return problems;
}
// #endregion text-problems

// #region encoding-problems
function decodes(text: string): boolean {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

const notUtf8 = 'The percent-encoding is not valid UTF-8';

/** Koa turns query percent-encoding that is not UTF-8 into U+FFFD: the raw query still shows it. */
function queryEncodingProblems(querystring: string): FieldProblem[] {
  return querystring
    .split('&')
    .map((pair) => pair.replaceAll('+', ' ').split('='))
    .filter((parts) => !parts.every(decodes))
    .map(([key = '']): FieldProblem => {
      const field = decodes(key) ? decodeURIComponent(key) : key;
      return { field, location: 'query', message: notUtf8 };
    });
}

/** The router leaves a path parameter it cannot decode as it came, `%FF` and all. */
function paramEncodingProblems(path: string, params: Record<string, string>): FieldProblem[] {
  if (decodes(path)) return [];
  return Object.entries(params)
    .filter(([, value]) => !decodes(value))
    .map(([field]): FieldProblem => ({ field, location: 'params', message: notUtf8 }));
}

/** Percent-encoding of the path or the query that does not decode to UTF-8, field by field. */
export function encodingProblems(
  location: InputLocation,
  request: { path: string; querystring: string; params?: Record<string, string> },
): FieldProblem[] {
  if (location === 'query') return queryEncodingProblems(request.querystring);
  if (location === 'params') return paramEncodingProblems(request.path, request.params ?? {});
  return [];
}
// #endregion encoding-problems

// #region single-line
/**
 * Text on one line, trimmed first: textProblems() lets tab, line feed and carriage return through
 * for the fields that may hold several lines, so fields that may not refuse them here.
 */
export function singleLine() {
  return z
    .string()
    .trim()
    .regex(/^[^\t\n\r]*$/, 'Must be one line: no tab, line feed or carriage return');
}
// #endregion single-line
