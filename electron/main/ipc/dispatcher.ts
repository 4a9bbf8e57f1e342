// One entry point for every IPC call, whichever host carried it (Electron ipcMain, browser-host WebSocket, tests):
// unknown channel → error; access checked; input validated by the contract; the result wrapped as
// {ok, value} | {ok:false, error}. Outputs are parsed too, which strips anything off-contract (e.g. password hashes).
import { ZodError } from 'zod';
import { AppError, ErrorCode, type ErrorPayload, type Result } from '../../../common/errors';
import { channels, isChannelName, type ChannelName } from '../../../common/ipc/contract';
import { fieldCodesOf, UNKNOWN_INPUT } from '../../../common/domain/field-codes';
import type { HandlerContext, HandlerMap } from './types';

export type Dispatch = (channel: unknown, input: unknown, ctx: HandlerContext) => Promise<Result<unknown>>;

export interface AccessGate {
  requireRole(access: 'public' | 'clerk' | 'supervisor'): void;
  /** A window's session idle too long is locked before its call is looked at (the idle lock, enforced in main). */
  expireIfIdle?(): void;
  /** A window's call that passed the access check counts as activity. */
  touch?(): void;
}

/** Per-field codes of a refused input: 'REQUIRED' for an empty field, 'TOO_LONG:n' past a limit (field-codes.ts). */
export function fieldErrorsOf(error: ZodError, input: unknown = UNKNOWN_INPUT): Record<string, string> {
  return fieldCodesOf(error.issues, input);
}

export function toErrorPayload(e: unknown): ErrorPayload {
  if (e instanceof AppError) return e.toPayload();
  if (e instanceof ZodError) return { code: ErrorCode.InvalidInput, message: 'The input is not valid.', fields: fieldErrorsOf(e) };
  console.error('masa: unexpected error in an IPC handler:', e);
  return { code: ErrorCode.Internal, message: 'Something went wrong inside the application. The details are in the log.' };
}

export function createDispatcher(handlers: HandlerMap, gate: AccessGate): Dispatch {
  return async (channel, rawInput, ctx) => {
    if (!isChannelName(channel)) {
      return { ok: false, error: { code: ErrorCode.UnknownChannel, message: `Unknown channel ${String(channel).slice(0, 80)}` } };
    }
    const name: ChannelName = channel;
    const spec = channels[name];
    const handler = handlers[name] as ((input: unknown, ctx: HandlerContext) => unknown) | undefined;
    if (!handler) return { ok: false, error: { code: ErrorCode.UnknownChannel, message: `No handler for ${name}` } };
    try {
      // Windows (Electron, the browser host) have an idle lock; the CLI's and the tests' in-process calls do not.
      const fromWindow = ctx.origin !== 'in-process';
      if (fromWindow) gate.expireIfIdle?.();
      gate.requireRole(spec.access);
      if (fromWindow && spec.access !== 'public') gate.touch?.();
      const parsed = spec.input.safeParse(rawInput);
      if (!parsed.success) {
        return { ok: false, error: { code: ErrorCode.InvalidInput, message: `Invalid input for ${name}.`, fields: fieldErrorsOf(parsed.error, rawInput) } };
      }
      const value = await handler(parsed.data, ctx);
      return { ok: true, value: spec.output.parse(value) };
    } catch (e) {
      return { ok: false, error: toErrorPayload(e) };
    }
  };
}
