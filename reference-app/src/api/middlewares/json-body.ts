import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import type { Context, Middleware } from 'koa';
import getRawBody from 'raw-body';
import { AppError } from '../../common/errors.ts';

declare module 'koa' {
  interface Request {
    /** The parsed JSON body of a POST, PUT or PATCH request; set by jsonBody(). */
    body?: unknown;
  }
}

// inflation ships no types; this is the one call of it used here.
const inflate = createRequire(import.meta.url)('inflation') as (
  stream: Readable,
  options: { encoding: string },
) => Readable;

/** The methods @koa/bodyparser parsed by default: the body of any other method is never read. */
const parsedMethods = new Set(['POST', 'PUT', 'PATCH']);
// fatal: a byte that is not UTF-8 is refused rather than stored as U+FFFD.
const utf8 = new TextDecoder('utf-8', { fatal: true });
// co-body's strict mode: RFC 8259 whitespace, then an object or an array.
const objectOrArray = /^[ \t\n\r]*[[{]/;

// #region body-errors
/** Every way a body can be unreadable is the client's doing: a 4xx of the catalogue. */
function toBodyError(error: unknown): AppError {
  const { type, status } = (error ?? {}) as { type?: string; status?: number };
  if (type === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE', { cause: error });
  // inflation throws a 415 for a Content-Encoding it cannot undo.
  if (status === 415) {
    const message = 'Send the request body uncompressed, or compressed with gzip, deflate or br.';
    return new AppError('UNSUPPORTED_MEDIA_TYPE', { message, cause: error });
  }
  // A gzip body that is not gzip, a body shorter than its Content-Length, a client gone mid-way.
  return new AppError('INVALID_BODY', { cause: error });
}

function requireUtf8Charset(ctx: Context) {
  const charset = ctx.request.charset.toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    const message = 'Send the request body as JSON in UTF-8 (charset=utf-8, or no charset).';
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', { message });
  }
}

function decodeUtf8(bytes: Buffer): string {
  try {
    return utf8.decode(bytes);
  } catch (error) {
    throw new AppError('INVALID_BODY', {
      message: 'The request body is not valid UTF-8.',
      cause: error,
    });
  }
}
// #endregion body-errors

// #region strict-json
/** As co-body (through @hapi/bourne) did: a key that could poison a prototype once merged. */
function refusePrototypeKeys(key: string, value: unknown): unknown {
  const prototypeHolder =
    key === 'constructor' &&
    typeof value === 'object' &&
    value !== null &&
    Object.hasOwn(value, 'prototype');
  if (key === '__proto__' || prototypeHolder) throw new SyntaxError(`"${key}" may not be a key`);
  return value;
}

function parseJson(text: string): unknown {
  if (text === '') return {};
  if (!objectOrArray.test(text)) {
    const message = 'The request body must be a JSON object or array.';
    throw new AppError('INVALID_JSON', { message });
  }
  // The reviver costs time: it only runs when a key could spell __proto__ or prototype.
  const reviver = /proto|\\u/.test(text) ? refusePrototypeKeys : undefined;
  try {
    return JSON.parse(text, reviver);
  } catch (error) {
    throw new AppError('INVALID_JSON', { cause: error });
  }
}
// #endregion strict-json

// #region json-body
async function readJson(ctx: Context, limit: string): Promise<unknown> {
  requireUtf8Charset(ctx);
  const encoding = (ctx.get('content-encoding') || 'identity').trim().toLowerCase();
  let bytes: Buffer;
  try {
    // The limit counts inflated bytes, so a small gzip bomb is stopped all the same.
    const length = encoding === 'identity' ? ctx.request.length : undefined;
    bytes = await getRawBody(inflate(ctx.req, { encoding }), { length, limit });
  } catch (error) {
    throw toBodyError(error);
  }
  return parseJson(decodeUtf8(bytes));
}

/**
 * Reads the JSON body of POST, PUT and PATCH requests into `ctx.request.body`, up to `limit` bytes
 * once inflated; a request without a JSON body gets `{}`. `jsonOnly()` has already refused bodies
 * of another type.
 */
export function jsonBody(limit: string): Middleware {
  return async (ctx, next) => {
    if (parsedMethods.has(ctx.method) && ctx.request.body === undefined) {
      ctx.request.body = ctx.is('json') ? await readJson(ctx, limit) : {};
    }
    await next();
  };
}
// #endregion json-body
