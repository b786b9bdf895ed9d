import type { Middleware } from 'koa';
import { AppError, type ErrorCode } from '../../common/errors.ts';
import type { Logger } from '../../libs/log/index.ts';

/** Errors thrown by the body parser (raw-body's `type`, or JSON's SyntaxError), in our catalogue. */
const parserErrors: Record<string, ErrorCode> = {
  'entity.too.large': 'PAYLOAD_TOO_LARGE',
  'entity.verify.failed': 'INVALID_JSON',
  'encoding.unsupported': 'UNSUPPORTED_MEDIA_TYPE',
  'charset.unsupported': 'UNSUPPORTED_MEDIA_TYPE',
};

function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (error instanceof SyntaxError && (error as { status?: number }).status === 400) {
    return new AppError('INVALID_JSON', { cause: error });
  }
  const type = (error as { type?: string } | null)?.type;
  const code = type ? parserErrors[type] : undefined;
  return code && new AppError(code, { cause: error });
}

// #region error-handler
/** The one place errors become responses: known codes as they are, anything else as a bare 500. */
export function errorHandler(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new AppError('ROUTE_NOT_FOUND');
    } catch (error) {
      const appError = toAppError(error);
      if (!appError) logger.error({ err: error }, 'unhandled error');
      const { code, status, message, details } = appError ?? new AppError('INTERNAL');
      ctx.status = status;
      ctx.body = { error: { code, message, details, requestId: ctx.state.requestId } };
    }
  };
}
// #endregion error-handler
