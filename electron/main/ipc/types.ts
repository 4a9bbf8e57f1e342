import type { z } from 'zod';
import type { ChannelName, Channels, ChannelOutput } from '../../../common/ipc/contract';

/** Input as the handler sees it: after the contract's schema parsed (and defaulted) it. */
export type ParsedInput<C extends ChannelName> = z.output<Channels[C]['input']>;

export interface HandlerContext {
  /** 'electron' window, 'browser' host socket, or an in-process caller (CLI, tests). */
  origin: 'electron' | 'browser' | 'in-process';
}

export type Handler<C extends ChannelName> = (input: ParsedInput<C>, ctx: HandlerContext) => Promise<ChannelOutput<C>> | ChannelOutput<C>;

export type HandlerMap = { [C in ChannelName]?: Handler<C> };
