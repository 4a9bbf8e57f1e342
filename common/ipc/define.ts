import type { z } from 'zod';

/** Who may call a channel: anyone (setup, sign-in), a signed-in clerk, or a supervisor. */
export type Access = 'public' | 'clerk' | 'supervisor';

export interface ChannelSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  access: Access;
}

export function channel<I extends z.ZodType, O extends z.ZodType>(access: Access, input: I, output: O): ChannelSpec<I, O> {
  return { input, output, access };
}

export type ChannelMap = Record<string, ChannelSpec>;
export type EventMap = Record<string, z.ZodType>;
