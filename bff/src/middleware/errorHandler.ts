import type { Middleware } from 'koa';
import { ZodError } from 'zod';
import { AppError, ERRORS, type TErrorCode, type TErrorEnvelope } from '@contest/shared';
import type { AppState } from '../context';

/** Client errors raised by Koa and its body parser, keyed by HTTP status. */
const CODE_FOR_STATUS: Partial<Record<number, TErrorCode>> = {
  400: 'MALFORMED_JSON',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

function hasStatus(error: unknown): error is { status: number } {
  return typeof error === 'object' && error !== null && typeof (error as { status?: unknown }).status === 'number';
}

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) {
    const fields = error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    return new AppError('VALIDATION_FAILED', undefined, fields);
  }
  if (hasStatus(error) && error.status >= 400 && error.status < 500) {
    return new AppError(CODE_FOR_STATUS[error.status] ?? 'VALIDATION_FAILED');
  }
  if (hasStatus(error) && error.status === 501) return new AppError('NOT_IMPLEMENTED');
  return new AppError('INTERNAL');
}

/**
 * The envelope for an error. Messages are ours, written for people; anything unexpected became
 * INTERNAL with its generic message in toAppError, so no internal detail reaches the client.
 */
export function errorEnvelope(appError: AppError, requestId: string): TErrorEnvelope {
  return {
    ok: false,
    code: appError.code,
    message: appError.code === 'INTERNAL' ? ERRORS.INTERNAL.message : appError.message,
    requestId,
    ...(appError.fields ? { fields: appError.fields } : {}),
    ...(appError.current ? { current: appError.current } : {}),
  };
}

/**
 * The one place errors become responses: `{ ok: false, code, message }` with the code's status.
 * 5xx answers carry only the generic message; the cause goes to the log, never to the client.
 */
export function errorHandler(): Middleware<AppState> {
  return async (ctx, next) => {
    try {
      await next();
      // Unmatched routes (404) and the router's 405/501 leave an empty body: answer them in the envelope too.
      if (ctx.status >= 400 && ctx.body == null) throw toAppError({ status: ctx.status });
    } catch (error: unknown) {
      const appError = toAppError(error);
      if (appError.status >= 500) ctx.state.log.error({ err: error }, 'request failed');
      ctx.status = appError.status;
      ctx.body = errorEnvelope(appError, ctx.state.requestId);
    }
  };
}
