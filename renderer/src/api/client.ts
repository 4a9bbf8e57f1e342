// Typed calls over whichever bridge is present. A failed call throws ApiError carrying the contract's error code
// and field codes, so forms can show each message next to its field.
import type { ChannelInput, ChannelName, ChannelOutput, EventName, EventPayload } from '../../../common/ipc/contract';
import type { ErrorPayload } from '../../../common/errors';
import { pickBridge, type Bridge } from './bridge';

export class ApiError extends Error {
  readonly code: string;
  readonly fields: Record<string, string>;
  readonly details: Record<string, unknown>;
  constructor(payload: ErrorPayload) {
    super(payload.message);
    this.code = payload.code;
    this.fields = payload.fields ?? {};
    this.details = payload.details ?? {};
  }
}

// Picked when this module loads, before the router reads the URL: the browser host's secret arrives in the
// fragment and must be taken (and removed) before hash routing interprets it as a route.
const bridge: Bridge = pickBridge();
function current(): Bridge {
  return bridge;
}

export const api = {
  async call<C extends ChannelName>(channel: C, ...input: undefined extends ChannelInput<C> ? [ChannelInput<C>?] : [ChannelInput<C>]): Promise<ChannelOutput<C>> {
    const result = await current().invoke(channel, input[0]);
    if (!result.ok) throw new ApiError(result.error);
    return result.value as ChannelOutput<C>;
  },
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    return current().on(event, listener as (p: unknown) => void);
  },
  onConnection(listener: (state: 'open' | 'closed') => void): () => void {
    return current().onConnection(listener);
  },
};

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}
