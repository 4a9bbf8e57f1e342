import type { z } from 'zod';
import { SyncErrorCode } from '../common/sync/protocol';

/** An expected failure with its HTTP status; the error handler turns it into `{code, message, details}`. */
export class AppHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppHttpError';
  }
  static badRequest(message: string, details?: Record<string, unknown>): AppHttpError {
    return new AppHttpError(400, SyncErrorCode.InvalidInput, message, details);
  }
  static unauthenticated(message: string, code: string = SyncErrorCode.Unauthenticated): AppHttpError {
    return new AppHttpError(401, code, message);
  }
  static forbidden(message: string): AppHttpError {
    return new AppHttpError(403, SyncErrorCode.Forbidden, message);
  }
  static notFound(message: string): AppHttpError {
    return new AppHttpError(404, SyncErrorCode.NotFound, message);
  }
  static conflict(message: string): AppHttpError {
    return new AppHttpError(409, SyncErrorCode.Conflict, message);
  }
}

/** `value` parsed with `schema`, or a 400 naming every issue (its path and message, also in details.issues). */
export function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) {
    throw AppHttpError.badRequest(`invalid ${what}: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`, {
      issues: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  return r.data;
}
