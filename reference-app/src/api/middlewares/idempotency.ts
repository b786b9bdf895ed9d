import type { Context } from 'koa';
import { AppError, validationFailed } from '../../common/errors.ts';
import {
  IDEMPOTENCY_KEY_MAX_LENGTH,
  type KeyClaim,
  type KeyedRequest,
} from '../../entities/idempotency.ts';
import type { IdempotencyService } from '../../services/idempotency/idempotency-service.ts';
import { errorBody } from './error-handler.ts';

/** Visible ASCII, as Stripe takes it; a Structured Fields string (`"…"`) is unquoted first. */
const KEY = new RegExp(`^[\\x21-\\x7e]{1,${IDEMPOTENCY_KEY_MAX_LENGTH}}$`);
/** The headers of an answer that a replay sends again. */
const KEPT_HEADERS = ['location'];

function keyOf(ctx: Context): string | undefined {
  const raw = ctx.get('idempotency-key');
  if (!raw) return undefined;
  const key = /^"(.*)"$/.exec(raw)?.[1] ?? raw;
  if (KEY.test(key)) return key;
  throw validationFailed([
    {
      field: 'Idempotency-Key',
      location: 'header',
      message: `1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} visible ASCII characters`,
    },
  ]);
}

function callerOf(ctx: Context): string {
  const { principal, internalCaller: internal } = ctx.state;
  if (principal) return `user:${principal.userId}`;
  return internal ? `internal:${internal}` : 'anonymous';
}

/**
 * A refusal (4xx) is kept like an answer. Anything else frees the key for the client's retry, in
 * the background: with PostgreSQL away that would wait as long again, and the key's lock ends
 * by itself.
 */
async function keepOrRelease(
  idempotency: IdempotencyService,
  claim: KeyClaim,
  error: unknown,
  requestId: string,
): Promise<void> {
  if (error instanceof AppError && error.status < 500) {
    const body = errorBody(error, requestId);
    const kept = await idempotency
      .complete(claim, { status: error.status, headers: {}, body })
      .then(
        () => true,
        () => false,
      );
    if (kept) return;
  }
  void idempotency.abandon(claim).catch(() => {});
}

// #region with-idempotency-key
/**
 * Runs a route that creates or triggers something under the request's Idempotency-Key, if it
 * has one: a first request runs and its answer is kept (a 5xx is not: the key is freed for the
 * retry); the same request again gets that answer, marked `Idempotent-Replayed: true`.
 */
export async function withIdempotencyKey(
  ctx: Context,
  idempotency: IdempotencyService,
  run: () => Promise<void>,
): Promise<void> {
  const key = keyOf(ctx);
  if (!key) return run();
  const request: KeyedRequest = {
    caller: callerOf(ctx),
    key,
    method: ctx.method,
    path: ctx.path,
    body: ctx.request.body,
  };
  const start = await idempotency.begin(request);
  if ('replay' in start) {
    ctx.status = start.replay.status;
    ctx.set({ ...start.replay.headers, 'idempotent-replayed': 'true' });
    ctx.body = start.replay.body;
    return;
  }
  try {
    await run();
  } catch (error) {
    await keepOrRelease(idempotency, start.claim, error, ctx.state.requestId);
    throw error;
  }
  const headers = Object.fromEntries(
    KEPT_HEADERS.flatMap((name) =>
      ctx.response.get(name) ? [[name, ctx.response.get(name)]] : [],
    ),
  );
  await idempotency.complete(start.claim, { status: ctx.status, headers, body: ctx.body });
}
// #endregion with-idempotency-key
