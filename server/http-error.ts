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
